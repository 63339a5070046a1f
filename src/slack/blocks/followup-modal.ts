import type { View } from '@slack/types';
import { FOLLOWUP_TEXT_MAX } from '../../incidents/followup.js';
import { keyOf } from '../../incidents/incident.js';

export const FOLLOWUP_SHORTCUT = 'create_followup';
export const FOLLOWUP_VIEW = 'create_followup_form';

export const FOLLOWUP_INPUT = {
  text: { blockId: 'followup_text', actionId: 'text' },
  owner: { blockId: 'followup_owner', actionId: 'owner' },
  due: { blockId: 'followup_due', actionId: 'due' },
} as const;

export interface FollowupFormMetadata {
  incident: number;
  channel: string;
  link: string;
}

/** The Create follow-up form, prefilled with the message's text, owned by whoever opened it. */
export function followupModal(incident: { number: number }, prefill: { text: string; ownerId: string; link: string }, metadata: FollowupFormMetadata): View {
  return {
    type: 'modal',
    callback_id: FOLLOWUP_VIEW,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Create follow-up' },
    submit: { type: 'plain_text', text: 'Create' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: FOLLOWUP_INPUT.text.blockId,
        label: { type: 'plain_text', text: `Follow-up for ${keyOf(incident)}` },
        element: { type: 'plain_text_input', action_id: FOLLOWUP_INPUT.text.actionId, multiline: true, max_length: FOLLOWUP_TEXT_MAX, initial_value: prefill.text.slice(0, FOLLOWUP_TEXT_MAX) },
      },
      {
        type: 'input',
        block_id: FOLLOWUP_INPUT.owner.blockId,
        label: { type: 'plain_text', text: 'Owner' },
        element: { type: 'users_select', action_id: FOLLOWUP_INPUT.owner.actionId, initial_user: prefill.ownerId },
      },
      {
        type: 'input',
        block_id: FOLLOWUP_INPUT.due.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Due' },
        element: { type: 'datepicker', action_id: FOLLOWUP_INPUT.due.actionId },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `From <${prefill.link}|this message>` }] },
    ],
  };
}
