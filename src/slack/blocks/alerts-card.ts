import type { KnownBlock } from '@slack/types';
import type { AlertMessageTarget, StoredAlert } from '../../db/alert-store.js';
import { incidentKey } from '../../incidents/types.js';
import { ACTIONS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import type { SlackMessage } from '../slack-api.js';
import { alertBlocks, alertCounts } from './triage-message.js';

/** The alerts card pinned in an incident channel: the group's alerts as they are now, no buttons. */
export function alertsCard(target: AlertMessageTarget, alerts: readonly StoredAlert[]): SlackMessage {
  const title = ALERT_SENTENCES.alertsCardTitle(target.source ?? 'alerts');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${title} · *${incidentKey(target.number)}*` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: alertCounts(alerts) }] },
    ...alertBlocks(alerts),
  ];
  return { text: `${incidentKey(target.number)} alerts: ${alertCounts(alerts)}`, blocks };
}

/** "All alerts resolved" in the incident channel, with Mark monitoring (value: the incident number). */
export function allAlertsResolvedMessage(incidentNumber: number): SlackMessage {
  return {
    text: ALERT_SENTENCES.allResolved,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: ALERT_SENTENCES.allResolved } },
      {
        type: 'actions',
        block_id: `alerts_resolved_${incidentNumber}`,
        elements: [{ type: 'button', action_id: ACTIONS.markMonitoring, text: { type: 'plain_text', text: ALERT_SENTENCES.markMonitoring }, value: String(incidentNumber) }],
      },
    ],
  };
}
