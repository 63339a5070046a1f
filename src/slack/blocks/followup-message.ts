import type { KnownBlock } from '@slack/types';
import { type Followup, followupKey, type FollowupState, isOverdue } from '../../incidents/followup.js';
import { escapeMrkdwn, mention } from './text.js';

/** The buttons on a follow-up's message; their value is the follow-up's key. */
export const FOLLOWUP_ACTIONS = {
  done: 'followup_done',
  wontDo: 'followup_wont_do',
  reopen: 'followup_reopen',
} as const;

export const FOLLOWUP_ACTION_STATES: Record<string, FollowupState> = {
  [FOLLOWUP_ACTIONS.done]: 'done',
  [FOLLOWUP_ACTIONS.wontDo]: 'wont_do',
  [FOLLOWUP_ACTIONS.reopen]: 'open',
};

const STATE_WORDS: Record<FollowupState, string> = { open: 'open', done: 'done', wont_do: "won't do" };
const STATE_EMOJI: Record<FollowupState, string> = { open: ':pushpin:', done: ':white_check_mark:', wont_do: ':heavy_minus_sign:' };

/** `INC-3-F1 · open · owner @bob · due 2026-12-04 · <issue>`: one follow-up on one line. */
export function followupLine(f: Followup, today: string): string {
  const parts = [
    `*${followupKey(f)}* ${escapeMrkdwn(f.text)}`,
    STATE_WORDS[f.state] + (isOverdue(f, today) ? ' (overdue)' : ''),
    `owner ${mention(f.ownerId)}`,
    ...(f.dueDate ? [`due ${f.dueDate}`] : []),
    ...(f.trackerUrl ? [`<${f.trackerUrl}|issue>`] : []),
  ];
  return `${STATE_EMOJI[f.state]} ${parts.join(' · ')}`;
}

/** The follow-up's message in the incident channel: Done / Won't do while open, Reopen once not. */
export function followupMessage(f: Followup, today: string): { text: string; blocks: KnownBlock[] } {
  const key = followupKey(f);
  const context = [
    ...(f.sourceLink ? [`<${f.sourceLink}|from this message>`] : []),
    ...(f.state !== 'open' && f.changedBy ? [`${STATE_WORDS[f.state]} by ${mention(f.changedBy)}`] : []),
  ];
  const buttons =
    f.state === 'open'
      ? [
          { type: 'button' as const, action_id: FOLLOWUP_ACTIONS.done, text: { type: 'plain_text' as const, text: 'Done' }, style: 'primary' as const, value: key },
          { type: 'button' as const, action_id: FOLLOWUP_ACTIONS.wontDo, text: { type: 'plain_text' as const, text: "Won't do" }, value: key },
        ]
      : [{ type: 'button' as const, action_id: FOLLOWUP_ACTIONS.reopen, text: { type: 'plain_text' as const, text: 'Reopen' }, value: key }];
  return {
    text: `Follow-up ${key} (${STATE_WORDS[f.state]}): ${f.text}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: followupLine(f, today) } },
      ...(context.length > 0 ? [{ type: 'context' as const, elements: context.map((text) => ({ type: 'mrkdwn' as const, text })) }] : []),
      { type: 'actions', block_id: `followup:${key}`, elements: buttons },
    ],
  };
}

/** A list of follow-ups as lines, or a sentence when there are none. */
export function followupList(title: string, followups: Followup[], today: string, none: string): string {
  if (followups.length === 0) return none;
  return [title, ...followups.map((f) => followupLine(f, today))].join('\n');
}
