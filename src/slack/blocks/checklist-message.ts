import type { KnownBlock } from '@slack/types';
import { type ChecklistItem, checklistProgress } from '../../incidents/checklist.js';
import { keyOf } from '../../incidents/incident.js';
import { formatClock } from '../../incidents/time.js';
import { escapeMrkdwn, mention, truncate } from './text.js';

/** What listens for ticks: every group of boxes carries it, the block id says which items it holds. */
export const CHECKLIST_TICK_ACTION = 'checklist_tick';

// Slack takes at most 10 options in one checkboxes element.
const GROUP_SIZE = 10;

/**
 * The incident's checklist as one message: a checkbox per item, ticked ones showing who and when.
 * Block ids name the incident and the item ids of their group, so a tick says exactly what it covers.
 */
export function checklistMessage(incident: { number: number }, items: ChecklistItem[], timezone: string): { text: string; blocks: KnownBlock[] } {
  const { done, total } = checklistProgress(items);
  const key = keyOf(incident);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `:ballot_box_with_check: *Checklist for ${key}* · ${done}/${total} done` } }];
  for (let start = 0; start < items.length; start += GROUP_SIZE) {
    const group = items.slice(start, start + GROUP_SIZE);
    // An option's text holds at most 75 characters and its description is plain text: who ticked
    // what, with a mention, goes in a context line under the boxes.
    const options = group.map((item) => ({
      value: String(item.id),
      text: { type: 'plain_text' as const, text: truncate(item.text, 75) },
      ...(item.doneAt ? { description: { type: 'plain_text' as const, text: `done at ${formatClock(item.doneAt, timezone)}` } } : {}),
    }));
    const ticked = options.filter((_, i) => group[i]!.doneAt !== null);
    blocks.push({
      type: 'actions',
      block_id: `checklist:${incident.number}:${group.map((item) => item.id).join(',')}`,
      elements: [{ type: 'checkboxes', action_id: CHECKLIST_TICK_ACTION, options, ...(ticked.length > 0 ? { initial_options: ticked } : {}) }],
    });
    const done = group.filter((item) => item.doneAt !== null);
    if (done.length > 0) {
      blocks.push({
        type: 'context',
        elements: done.map((item) => ({
          type: 'mrkdwn' as const,
          text: `:white_check_mark: ${truncate(escapeMrkdwn(item.text), 60)}: ${mention(item.doneBy ?? undefined)}, ${formatClock(item.doneAt!, timezone)}`,
        })),
      });
    }
  }
  return { text: `Checklist for ${key}: ${done}/${total} done`, blocks };
}

/** The incident and item ids a tick's block covers, from the block id this builder wrote. */
export function checklistGroupOf(blockId: string): { incidentNumber: number; itemIds: number[] } | undefined {
  const match = /^checklist:(\d+):(\d+(?:,\d+)*)$/.exec(blockId);
  if (!match) return undefined;
  return { incidentNumber: Number(match[1]), itemIds: match[2]!.split(',').map(Number) };
}
