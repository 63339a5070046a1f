import type { View } from '@slack/types';
import { type Incident, keyOf } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { MAX_UPDATE_LENGTH, updateIntervalChoices } from '../../incidents/status-update.js';
import { formatDuration } from '../../incidents/time.js';
import { isOpenState, OPEN_STATES, type OpenState } from '../../incidents/types.js';
import { VIEWS } from '../action-ids.js';
import { formMetadata } from './form-metadata.js';
import { escapeMrkdwn, truncate } from './text.js';

/** Block and action ids of the update form's inputs, read back by the submission listener. */
export const UPDATE_INPUT = {
  state: { blockId: 'update_state', actionId: 'state' },
  text: { blockId: 'update_text', actionId: 'text' },
  next: { blockId: 'update_next', actionId: 'next_in_ms' },
} as const;

/** `15 minutes`, `1 hour`, `4 hours`, else `1h 30m` (or `90 seconds` for a cadence set in seconds). */
function intervalLabel(ms: number): string {
  const minutes = ms / 60_000;
  if (!Number.isInteger(minutes)) return minutes < 60 ? `${Math.round(ms / 1000)} seconds` : formatDuration(ms);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = minutes / 60;
  if (Number.isInteger(hours)) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return formatDuration(ms);
}

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/**
 * The status update form: state, text, and when the next update is due (the severity's cadence
 * unless changed). `initialState` pre-selects a state named in `/incident update <state>`.
 */
export function updateModal(incident: Incident, policy: IncidentPolicy, initialState?: OpenState): View {
  const defaultIntervalMs = policy.updateEveryMs(incident.severity);
  const state = initialState ?? (isOpenState(incident.state) ? incident.state : 'investigating');
  const intervals = updateIntervalChoices(defaultIntervalMs).map((ms) => option(intervalLabel(ms), String(ms)));
  const defaultInterval = intervals.find((o) => o.value === String(defaultIntervalMs))!;
  return {
    type: 'modal',
    callback_id: VIEWS.update,
    private_metadata: formMetadata(incident),
    title: { type: 'plain_text', text: 'Post status update' },
    submit: { type: 'plain_text', text: 'Post' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(`*${keyOf(incident)}*: ${escapeMrkdwn(incident.title)} · ${policy.label(incident.severity)} · ${incident.state}`, 3000),
        },
      },
      {
        type: 'input',
        block_id: UPDATE_INPUT.state.blockId,
        label: { type: 'plain_text', text: 'State' },
        element: {
          type: 'static_select',
          action_id: UPDATE_INPUT.state.actionId,
          options: OPEN_STATES.map((s) => option(s, s)),
          initial_option: option(state, state),
        },
      },
      {
        type: 'input',
        block_id: UPDATE_INPUT.text.blockId,
        label: { type: 'plain_text', text: 'Update' },
        element: {
          type: 'plain_text_input',
          action_id: UPDATE_INPUT.text.actionId,
          multiline: true,
          max_length: MAX_UPDATE_LENGTH,
          placeholder: { type: 'plain_text', text: 'What we know, what we are doing, what people should expect' },
        },
      },
      {
        type: 'input',
        block_id: UPDATE_INPUT.next.blockId,
        label: { type: 'plain_text', text: 'Next update in' },
        hint: { type: 'plain_text', text: `Sitrep nudges the channel if no update is posted by then.` },
        element: {
          type: 'static_select',
          action_id: UPDATE_INPUT.next.actionId,
          options: intervals,
          initial_option: defaultInterval,
        },
      },
    ],
  };
}
