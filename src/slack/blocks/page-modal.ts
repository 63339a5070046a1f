import type { View } from '@slack/types';
import { type Incident, keyOf } from '../../incidents/incident.js';
import { VIEWS } from '../action-ids.js';
import { formMetadata } from './form-metadata.js';
import { escapeMrkdwn, truncate } from './text.js';

/** Block and action ids of the page form's inputs, read back by the submission listener. */
export const PAGE_INPUT = {
  target: { blockId: 'page_target', actionId: 'target' },
  message: { blockId: 'page_message', actionId: 'message' },
  urgency: { blockId: 'page_urgency', actionId: 'urgency' },
} as const;

export const MAX_PAGE_MESSAGE_LENGTH = 500;

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/** The page form: which target (from sitrep.yaml), a message, and the urgency. */
export function pageModal(incident: Incident, targets: { name: string; provider: string }[]): View {
  const high = option('High: wake someone up', 'high');
  return {
    type: 'modal',
    callback_id: VIEWS.page,
    private_metadata: formMetadata(incident),
    title: { type: 'plain_text', text: 'Page someone' },
    submit: { type: 'plain_text', text: 'Page' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${keyOf(incident)}*: ${escapeMrkdwn(incident.title)}`, 3000) } },
      {
        type: 'input',
        block_id: PAGE_INPUT.target.blockId,
        label: { type: 'plain_text', text: 'Target' },
        element: { type: 'static_select', action_id: PAGE_INPUT.target.actionId, options: targets.slice(0, 100).map((t) => option(`${t.name} (${t.provider})`.slice(0, 75), t.name)) },
      },
      {
        type: 'input',
        block_id: PAGE_INPUT.message.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Message' },
        element: { type: 'plain_text_input', action_id: PAGE_INPUT.message.actionId, multiline: true, max_length: MAX_PAGE_MESSAGE_LENGTH, placeholder: { type: 'plain_text', text: 'What you need from them' } },
      },
      {
        type: 'input',
        block_id: PAGE_INPUT.urgency.blockId,
        label: { type: 'plain_text', text: 'Urgency' },
        element: { type: 'static_select', action_id: PAGE_INPUT.urgency.actionId, options: [high, option('Low: during working hours', 'low')], initial_option: high },
      },
    ],
  };
}
