import type { KnownBlock } from '@slack/types';
import { keyOf } from '../../incidents/incident.js';
import { holderOf } from '../../incidents/roles.js';
import { formatDateTime, formatDuration } from '../../incidents/time.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { isOpenState } from '../../incidents/types.js';
import type { SlackMessage } from '../slack-api.js';
import { sourceAlertCounts, sourceAlertNames } from './source-alerts-block.js';
import { defuseBroadcasts, escapeMrkdwn, mention, severityEmoji, truncate } from './text.js';

import type { IncidentSummary } from '../../usecases/describe-incident.js';

const ago = (then: Date, now: Date) => `${formatDuration(now.getTime() - then.getTime())} ago`;

/** `/incident info`: key, title, severity, state, roles, age, last update and how long ago. */
export function infoSummary(summary: IncidentSummary, now: Date, timeZone: string, policy: IncidentPolicy): SlackMessage {
  const { incident, roles, latestUpdate } = summary;
  const key = keyOf(incident);
  const when = (date: Date) => `${formatDateTime(date, timeZone)} (${ago(date, now)})`;
  const lastUpdate = latestUpdate
    ? `${when(latestUpdate.postedAt)} by ${mention(latestUpdate.authorId)}, ${summary.updateCount} in all\n>${truncate(defuseBroadcasts(latestUpdate.text), 500).replace(/\n/g, '\n>')}`
    : '_none yet_';
  const lines = [
    `*Severity* ${severityEmoji(policy, incident.severity)} ${policy.label(incident.severity)} · *State* ${incident.state}${incident.private ? ' · :lock: private' : ''}`,
    policy.roles.map((role) => `*${role.title}* ${mention(holderOf(incident, roles, role.id, policy))}`).join(' · '),
    `*Declared* ${when(incident.declaredAt)} by ${mention(incident.declarerId)} · *Age* ${formatDuration(now.getTime() - incident.declaredAt.getTime())}`,
  ];
  if (incident.detectedAt) {
    const byAlert = summary.alerts?.earliestStart.getTime() === incident.detectedAt.getTime();
    lines.push(`*Detected* ${when(incident.detectedAt)}${byAlert ? ' (earliest alert)' : ''}`);
  }
  if (incident.resolvedAt) lines.push(`*Resolved* ${when(incident.resolvedAt)}`);
  if (summary.alerts) lines.push(`*Alerts* ${sourceAlertCounts(summary.alerts)} — ${sourceAlertNames(summary.alerts)}`);
  if (summary.pages && summary.pages.length > 0) {
    const provider = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;
    const status = (p: NonNullable<IncidentSummary['pages']>[number]) =>
      p.status === 'acknowledged' && p.acknowledgedBy ? `acknowledged by ${escapeMrkdwn(p.acknowledgedBy)}` : p.status === 'triggering' ? 'sending' : p.status;
    lines.push(`*Paged* ${summary.pages.map((p) => `${p.target} (${provider[p.provider]}): ${status(p)}`).join(' · ')}`);
  }
  lines.push(`*Last update* ${lastUpdate}`);
  if (isOpenState(incident.state)) {
    const due = incident.nextUpdateDueAt;
    const late = now.getTime() - due.getTime();
    lines.push(`*Next update due* ${formatDateTime(due, timeZone)}${late > 0 ? ` — :warning: overdue by ${formatDuration(late)}` : ''}`);
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${key}: ${escapeMrkdwn(incident.title)}*\n${lines.join('\n')}`, 3000) } },
  ];
  return {
    text: `${key}: ${incident.title} · ${policy.label(incident.severity)} · ${incident.state} · last update ${latestUpdate ? ago(latestUpdate.postedAt, now) : 'none yet'}`,
    blocks,
  };
}
