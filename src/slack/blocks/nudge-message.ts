import type { KnownBlock } from '@slack/types';
import { incidentKey } from '../../incidents/types.js';
import { formatDuration } from '../../incidents/time.js';
import type { SlackMessage } from '../slack-api.js';
import { ACTIONS } from '../action-ids.js';
import { channelLink, mention } from './text.js';

export interface NudgeDetails {
  incidentNumber: number;
  /** Time since the last status update (declaring counts). */
  sinceLastUpdateMs: number;
  mentioned: string[];
  /** 1 for the first nudge since the last update, 2 for the second in a row, … */
  streak: number;
  /** The stale window: when the next nudge comes if there is still no update. */
  windowMs: number;
}

const inARow = (streak: number) => (streak > 1 ? ` (nudge ${streak} in a row)` : '');

/** The nudge in the incident channel: how stale, who should act, and a button to act. */
export function nudgeMessage(nudge: NudgeDetails): SlackMessage {
  const key = incidentKey(nudge.incidentNumber);
  const since = formatDuration(nudge.sinceLastUpdateMs);
  const people = nudge.mentioned.map(mention).join(' ');
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:hourglass_flowing_sand: *${key}* has had no status update for *${since}*${inARow(nudge.streak)}.\n${people} please post one: what we know, what we are doing, when the next update comes.`,
      },
    },
    {
      type: 'actions',
      block_id: 'nudge_actions',
      elements: [
        { type: 'button', action_id: ACTIONS.postUpdate, value: String(nudge.incidentNumber), style: 'primary', text: { type: 'plain_text', text: 'Post update' } },
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Next reminder in ${formatDuration(nudge.windowMs)} if there is still no update · or \`/incident update <text>\`` }],
    },
  ];
  return { text: `${key}: no status update for ${since}${inARow(nudge.streak)}. ${people} please post one.`, blocks };
}

/** The commander's direct message from the second nudge in a row, linking to the incident channel. */
export function nudgeDirectMessage(nudge: NudgeDetails & { channelId: string; channelUrl: string }): SlackMessage {
  const key = incidentKey(nudge.incidentNumber);
  const text = `:hourglass_flowing_sand: ${key} has had no status update for ${formatDuration(nudge.sinceLastUpdateMs)}${inARow(nudge.streak)}. As commander, please post one in ${channelLink(nudge.channelId)} (${nudge.channelUrl}).`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The reply under the incident's announcement in INCIDENTS_CHANNEL from the third nudge in a row. */
export function nudgeAnnouncementReply(nudge: NudgeDetails & { channelId: string; userId: string }): SlackMessage {
  const key = incidentKey(nudge.incidentNumber);
  return {
    text: `${mention(nudge.userId)} ${key} has had no status update for ${formatDuration(nudge.sinceLastUpdateMs)}${inARow(nudge.streak)}. Please make sure one goes out in ${channelLink(nudge.channelId)}.`,
  };
}
