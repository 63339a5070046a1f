import { type Incident, keyOf } from '../../incidents/incident.js';
import type { RoleChange } from '../../incidents/roles.js';
import { formatDuration } from '../../incidents/time.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Severity } from '../../incidents/types.js';
import type { PageNotice } from '../../usecases/ports.js';
import type { SlackMessage } from '../slack-api.js';
import { defuseBroadcasts, escapeMrkdwn, mention, severityEmoji, truncate } from './text.js';

/** Short messages Sitrep posts in the incident channel (and some under the announcement) when something changes. */

/** `<@bob> is now Communications Lead, taking over from <@carol>.` */
export function roleChangeNotice(change: Exclude<RoleChange, { kind: 'unchanged' }>, policy: IncidentPolicy): SlackMessage {
  const taking = change.kind === 'handoff' ? `, taking over from ${mention(change.previousUserId)}` : '';
  return { text: `${mention(change.userId)} is now ${policy.roleTitle(change.role)}${taking}.` };
}

export function severityNotice(incident: Pick<Incident, 'number'>, from: Severity, to: Severity, changedBy: string, policy: IncidentPolicy): SlackMessage {
  const raised = policy.isRaise(from, to);
  const arrow = raised ? ':arrow_up:' : ':arrow_down:';
  return {
    text: `${arrow} ${keyOf(incident)} severity ${raised ? 'raised' : 'lowered'} from ${policy.label(from)} to ${severityEmoji(policy, to)} *${policy.label(to)}* by ${mention(changedBy)}.`,
  };
}

export function resolvedNotice(incident: Incident, resolvedBy: string, text: string | undefined, now: Date): SlackMessage {
  const after = formatDuration(now.getTime() - incident.declaredAt.getTime());
  const note = text ? `\n>${defuseBroadcasts(text).replace(/\n/g, '\n>')}` : '';
  return { text: truncate(`:white_check_mark: *${keyOf(incident)} resolved* by ${mention(resolvedBy)} after ${after}. Nudges have stopped.${note}`, 3000) };
}

export function reopenedNotice(incident: Incident, reopenedBy: string): SlackMessage {
  return { text: `:arrows_counterclockwise: *${keyOf(incident)} reopened* by ${mention(reopenedBy)}: back to investigating.` };
}

const PAGER = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

/** `:pager: <@alice> paged *payments* in PagerDuty for INC-7: Card payments fail`. */
export function pagedNotice(incident: Pick<Incident, 'number'>, page: PageNotice): SlackMessage {
  const message = page.message ? `: ${escapeMrkdwn(page.message)}` : '.';
  return { text: truncate(`:pager: ${mention(page.by)} ${page.again ? 'paged again' : 'paged'} *${page.target}* in ${PAGER[page.provider]} for ${keyOf(incident)}${message}`, 3000) };
}
