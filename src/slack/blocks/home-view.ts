import type { KnownBlock, View } from '@slack/types';
import type { Followup } from '../../incidents/followup.js';
import { keyOf } from '../../incidents/incident.js';
import { followupLine } from './followup-message.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { formatDateTime, formatDuration } from '../../incidents/time.js';
import type { ListedIncident } from '../../usecases/incident-visibility.js';
import { incidentLine } from './incident-list.js';
import { escapeMrkdwn, severityEmoji, truncate } from './text.js';

// A home view holds 100 blocks: headers, dividers and the resolved list take the rest.
const MAX_OPEN_SHOWN = 60;

function resolvedLine({ incident }: ListedIncident, timeZone: string, policy: IncidentPolicy): string {
  const took = incident.resolvedAt ? ` after ${formatDuration(incident.resolvedAt.getTime() - incident.declaredAt.getTime())}` : '';
  const when = incident.resolvedAt ? `resolved ${formatDateTime(incident.resolvedAt, timeZone)}${took}` : incident.state;
  const lock = incident.private ? ' :lock:' : '';
  return truncate(
    `${severityEmoji(policy, incident.severity)} ${policy.label(incident.severity)} *${keyOf(incident)}*${lock} ${escapeMrkdwn(incident.title)} · ${when}${incident.state === 'closed' ? ' · closed' : ''}`,
    600,
  );
}

// The viewer's follow-ups share one section block (3000 characters at most).
const FOLLOWUPS_SHOWN = 15;

/** The viewer's open follow-ups, overdue first (the caller sorts), under their own header. */
function followupsSection(mine: { followups: Followup[]; today: string }, section: (text: string) => KnownBlock): KnownBlock[] {
  const shown = mine.followups.slice(0, FOLLOWUPS_SHOWN);
  const more = mine.followups.length - shown.length;
  const lines = shown.map((f) => truncate(followupLine(f, mine.today), 190));
  if (more > 0) lines.push(`…and ${more} more: \`/incident followups mine\` shows them all.`);
  return [
    { type: 'header', text: { type: 'plain_text', text: `Your open follow-ups (${mine.followups.length})` } },
    section(lines.length ? lines.join('\n') : '_None: nothing is waiting on you._'),
    { type: 'divider' },
  ];
}

/**
 * The App Home tab: the viewer's open follow-ups, open incidents (most severe first) and the last
 * resolved ones, as the viewer may see them.
 */
export function homeView(
  open: ListedIncident[],
  resolved: ListedIncident[],
  now: Date,
  timeZone: string,
  policy: IncidentPolicy,
  mine?: { followups: Followup[]; today: string },
): View {
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const shown = open.slice(0, MAX_OPEN_SHOWN);
  const blocks: KnownBlock[] = [
    ...(mine ? followupsSection(mine, section) : []),
    { type: 'header', text: { type: 'plain_text', text: `Open incidents (${open.length})` } },
    ...(shown.length ? shown.map((i) => section(incidentLine(i, now, policy))) : [section(':white_check_mark: No open incidents.')]),
    ...(open.length > shown.length ? [section(`…and ${open.length - shown.length} more: \`/incident list\` shows them all.`)] : []),
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Recently resolved' } },
    ...(resolved.length ? resolved.map((i) => section(resolvedLine(i, timeZone, policy))) : [section('_Nothing resolved yet._')]),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${formatDateTime(now, timeZone)} · \`/incident declare\` to declare one` }] },
  ];
  return { type: 'home', blocks };
}
