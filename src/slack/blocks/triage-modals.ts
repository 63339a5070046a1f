import type { View } from '@slack/types';
import type { AlertMessageTarget } from '../../db/alert-store.js';
import { type Incident, keyOf } from '../../incidents/incident.js';
import { VIEWS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import { escapeMrkdwn, truncate } from './text.js';

/** Block and action ids of the triage forms' inputs, read back by their submission listeners. */
export const TRIAGE_INPUT = {
  reason: { blockId: 'decline_reason', actionId: 'reason' },
  into: { blockId: 'merge_into', actionId: 'into' },
} as const;

export const MAX_DECLINE_REASON_LENGTH = 500;

/** Which triage incident, and the triage channel to answer its submitter in. */
function metadata(target: Pick<AlertMessageTarget, 'number'>, channel: string): string {
  return JSON.stringify({ incident: target.number, channel });
}

function heading(target: Pick<AlertMessageTarget, 'number' | 'title'>) {
  return { type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(`*${keyOf(target)}*: ${escapeMrkdwn(target.title)}`, 3000) } };
}

/** Decline asks why. */
export function declineModal(target: Pick<AlertMessageTarget, 'number' | 'title'>, channel: string): View {
  return {
    type: 'modal',
    callback_id: VIEWS.declineAlerts,
    private_metadata: metadata(target, channel),
    title: { type: 'plain_text', text: ALERT_SENTENCES.declineTitle },
    submit: { type: 'plain_text', text: ALERT_SENTENCES.declineSubmit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      heading(target),
      {
        type: 'input',
        block_id: TRIAGE_INPUT.reason.blockId,
        label: { type: 'plain_text', text: ALERT_SENTENCES.declineLabel },
        element: { type: 'plain_text_input', action_id: TRIAGE_INPUT.reason.actionId, multiline: true, max_length: MAX_DECLINE_REASON_LENGTH },
      },
    ],
  };
}

/** Merge into… picks one of the open incidents (the most severe first); a private one shows only its key. */
export function mergeModal(target: Pick<AlertMessageTarget, 'number' | 'title'>, channel: string, open: readonly Incident[]): View {
  const options = open.slice(0, 100).map((incident) => ({
    text: { type: 'plain_text' as const, text: truncate(incident.private ? `${keyOf(incident)} (private)` : `${keyOf(incident)} ${incident.title}`, 75) },
    value: String(incident.number),
  }));
  return {
    type: 'modal',
    callback_id: VIEWS.mergeAlerts,
    private_metadata: metadata(target, channel),
    title: { type: 'plain_text', text: ALERT_SENTENCES.mergeTitle },
    submit: { type: 'plain_text', text: ALERT_SENTENCES.mergeSubmit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      heading(target),
      {
        type: 'input',
        block_id: TRIAGE_INPUT.into.blockId,
        label: { type: 'plain_text', text: ALERT_SENTENCES.mergeLabel },
        element: { type: 'static_select', action_id: TRIAGE_INPUT.into.actionId, options },
      },
    ],
  };
}
