import type { KnownBlock } from '@slack/types';
import type { AlertMessageTarget, StoredAlert } from '../../db/alert-store.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { incidentKey } from '../../incidents/types.js';
import type { SlackMessage } from '../slack-api.js';
import { escapeMrkdwn, severityEmoji, truncate } from './text.js';

// Slack allows 50 blocks; a big group shows its first alerts and counts the rest.
const MAX_ALERTS_SHOWN = 10;

function stateLine(target: AlertMessageTarget): string {
  if (target.state === 'triage') return 'Waiting in triage';
  if (target.state === 'declined') return `Declined${target.declinedReason ? `: ${escapeMrkdwn(target.declinedReason)}` : ''}`;
  return `Declared (${target.state})`;
}

function alertLine(alert: StoredAlert): string {
  const icon = alert.status === 'firing' ? ':red_circle:' : ':white_check_mark:';
  const labels = Object.entries(alert.labels)
    .filter(([name]) => name !== 'alertname')
    .map(([name, value]) => `\`${escapeMrkdwn(name)}=${escapeMrkdwn(value)}\``)
    .join(' ');
  const links = alert.links.map((link) => `<${link.url}|${link.name}>`).join(' · ');
  return truncate(`${icon} ${labels || escapeMrkdwn(alert.fingerprint)}${links ? ` · ${links}` : ''}`, 2900);
}

/** The triage message of an alert group: title, severity, state, and each alert with labels and links. */
export function triageMessage(policy: IncidentPolicy, target: AlertMessageTarget, alerts: readonly StoredAlert[]): SlackMessage {
  const key = incidentKey(target.number);
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const header = `${severityEmoji(policy, target.severity)} ${policy.label(target.severity)} *${key}* ${escapeMrkdwn(truncate(target.title, 150))}`;
  const summary = `${stateLine(target)} · ${firing} firing, ${alerts.length - firing} resolved · from ${escapeMrkdwn(target.source ?? 'alerts')}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: header } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: summary }] },
    ...alerts.slice(0, MAX_ALERTS_SHOWN).map((alert): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: alertLine(alert) } })),
  ];
  if (alerts.length > MAX_ALERTS_SHOWN) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${alerts.length - MAX_ALERTS_SHOWN} more alerts` }] });
  return { text: `${key} ${policy.label(target.severity)}: ${target.title} (${stateLine(target)})`, blocks };
}
