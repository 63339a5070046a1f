import type { InputBlock, View } from '@slack/types';
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

type TriageTarget = Pick<AlertMessageTarget, 'number' | 'title'>;
type KnownInputElement = InputBlock['element'];

/** A triage form: the incident named at the top, one input below it, the submission told where to answer. */
function triageModal(
  target: TriageTarget,
  channel: string,
  form: { callbackId: string; title: string; submit: string; label: string; input: { blockId: string }; element: KnownInputElement },
): View {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    private_metadata: metadata(target, channel),
    title: { type: 'plain_text', text: form.title },
    submit: { type: 'plain_text', text: form.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${keyOf(target)}*: ${escapeMrkdwn(target.title)}`, 3000) } },
      { type: 'input', block_id: form.input.blockId, label: { type: 'plain_text', text: form.label }, element: form.element },
    ],
  };
}

/** Decline asks why. */
export function declineModal(target: TriageTarget, channel: string): View {
  return triageModal(target, channel, {
    callbackId: VIEWS.declineAlerts,
    title: ALERT_SENTENCES.declineTitle,
    submit: ALERT_SENTENCES.declineSubmit,
    label: ALERT_SENTENCES.declineLabel,
    input: TRIAGE_INPUT.reason,
    element: { type: 'plain_text_input', action_id: TRIAGE_INPUT.reason.actionId, multiline: true, max_length: MAX_DECLINE_REASON_LENGTH },
  });
}

/** Merge into… picks one of the open incidents (the most severe first); a private one shows only its key. */
export function mergeModal(target: TriageTarget, channel: string, open: readonly Incident[]): View {
  const options = open.slice(0, 100).map((incident) => ({
    text: { type: 'plain_text' as const, text: truncate(incident.private ? `${keyOf(incident)} (private)` : `${keyOf(incident)} ${incident.title}`, 75) },
    value: String(incident.number),
  }));
  return triageModal(target, channel, {
    callbackId: VIEWS.mergeAlerts,
    title: ALERT_SENTENCES.mergeTitle,
    submit: ALERT_SENTENCES.mergeSubmit,
    label: ALERT_SENTENCES.mergeLabel,
    input: TRIAGE_INPUT.into,
    element: { type: 'static_select', action_id: TRIAGE_INPUT.into.actionId, options },
  });
}
