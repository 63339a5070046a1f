import { setKeyEvent } from '../db/timeline-store.js';
import type { UseCaseContext } from './context.js';

export interface KeyEventMark {
  channelId: string;
  messageTs: string;
  /** True for a :pushpin: added, false for one removed. */
  keyEvent: boolean;
}

/**
 * Marks or unmarks the entry of a Slack message as a key event: a person's message or the bot's
 * post of a system entry. A message that is on no timeline changes nothing (false).
 */
export async function markKeyEvent(ctx: UseCaseContext, mark: KeyEventMark): Promise<boolean> {
  return setKeyEvent(ctx.db, mark.channelId, mark.messageTs, mark.keyEvent);
}
