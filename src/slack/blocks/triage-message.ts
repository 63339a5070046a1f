import type { KnownBlock } from '@slack/types';
import type { AlertMessageTarget, StoredAlert } from '../../db/alert-store.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { incidentKey } from '../../incidents/types.js';
import { ACTIONS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import type { SlackMessage } from '../slack-api.js';
import { escapeMrkdwn, severityEmoji, truncate } from './text.js';

// Slack allows 50 blocks; a big group shows its first alerts and counts the rest.
const MAX_ALERTS_SHOWN = 10;

function stateLine(target: AlertMessageTarget): string {
  if (target.state === 'triage') return ALERT_SENTENCES.waiting;
  if (target.state === 'declined') {
    if (target.mergedInto !== null) return ALERT_SENTENCES.mergedInto(target.mergedInto, target.declinedBy);
    // Declined by a person (a user id), or by its source when the alerts resolved first.
    if (target.declinedBy && target.declinedBy !== target.source) return ALERT_SENTENCES.declinedBy(target.declinedBy, target.declinedReason ?? '');
    return ALERT_SENTENCES.declinedBySource(target.declinedReason);
  }
  return ALERT_SENTENCES.accepted(target.declarerId, target.channelId);
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

/** Each alert with its labels and links; a big group shows its first ones and counts the rest. */
export function alertBlocks(alerts: readonly StoredAlert[]): KnownBlock[] {
  const blocks = alerts.slice(0, MAX_ALERTS_SHOWN).map((alert): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: alertLine(alert) } }));
  if (alerts.length > MAX_ALERTS_SHOWN) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${alerts.length - MAX_ALERTS_SHOWN} more alerts` }] });
  return blocks;
}

export function alertCounts(alerts: readonly StoredAlert[]): string {
  const firing = alerts.filter((a) => a.status === 'firing').length;
  return ALERT_SENTENCES.counts(firing, alerts.length - firing);
}

/**
 * The triage message of an alert group: title, severity, state, each alert with labels and links,
 * and while in triage the buttons Accept, Decline and Merge into… (their value: the incident number).
 */
export function triageMessage(policy: IncidentPolicy, target: AlertMessageTarget, alerts: readonly StoredAlert[]): SlackMessage {
  const key = incidentKey(target.number);
  const header = `${severityEmoji(policy, target.severity)} ${policy.label(target.severity)} *${key}* ${escapeMrkdwn(truncate(target.title, 150))}`;
  const summary = `${stateLine(target)} · ${alertCounts(alerts)} · from ${escapeMrkdwn(target.source ?? 'alerts')}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: header } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: summary }] },
    ...alertBlocks(alerts),
  ];
  if (target.state === 'triage') {
    const value = String(target.number);
    blocks.push({
      type: 'actions',
      block_id: `triage_${target.number}`,
      elements: [
        { type: 'button', action_id: ACTIONS.acceptAlerts, text: { type: 'plain_text', text: 'Accept' }, style: 'primary', value },
        { type: 'button', action_id: ACTIONS.declineAlerts, text: { type: 'plain_text', text: 'Decline' }, value },
        { type: 'button', action_id: ACTIONS.mergeAlerts, text: { type: 'plain_text', text: 'Merge into…' }, value },
      ],
    });
  }
  const plainState = stateLine(target).replace(/[*<>]/g, '');
  return { text: `${key} ${policy.label(target.severity)}: ${target.title} (${plainState})`, blocks };
}
