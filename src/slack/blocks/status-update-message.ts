import { type Incident, keyOf } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { nextUpdateLine } from '../../incidents/status-update.js';
import type { IncidentState } from '../../incidents/types.js';
import type { SlackMessage } from '../slack-api.js';
import { defuseBroadcasts, mention, severityEmoji, truncate } from './text.js';

export interface PostedUpdate {
  authorId: string;
  text: string;
  /** The state before the update, when the update changed it. */
  previousState: IncidentState | undefined;
  nextUpdateDueAt: Date;
}

/** A status update as posted in the incident channel (and under the announcement for major incidents). */
export function statusUpdateMessage(incident: Incident, update: PostedUpdate, now: Date, timeZone: string, policy: IncidentPolicy): SlackMessage {
  const key = keyOf(incident);
  const next = nextUpdateLine(update.nextUpdateDueAt, now, timeZone);
  const state = update.previousState ? `*${incident.state}* (was ${update.previousState})` : incident.state;
  const heading = `:memo: *Status update · ${key}* · ${severityEmoji(policy, incident.severity)} ${policy.label(incident.severity)} · ${state}`;
  return {
    text: truncate(`${key} status update (${incident.state}): ${defuseBroadcasts(update.text)} — ${next}`, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`${heading}\n${defuseBroadcasts(update.text)}`, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${next} · posted by ${mention(update.authorId)}` }] },
    ],
  };
}
