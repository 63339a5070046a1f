import type { MessageEntry } from '../incidents/timeline.js';
import { authorName } from './author-name.js';
import type { UseCaseContext } from './context.js';
import { type RecordOutcome, recordMessageState } from './record-channel-message.js';

/**
 * An edited message: its entry takes the new text and is marked edited, unless a later edit is
 * already stored. An edit that comes before its message (its own event lost or still on its way)
 * stores the message, edited, while the incident is open; the late original then changes nothing.
 */
export async function recordMessageEdit(ctx: UseCaseContext, edited: MessageEntry): Promise<RecordOutcome> {
  return recordMessageState(ctx, edited, async () => ({ content: { ...edited, authorName: await authorName(ctx, edited.authorId) }, deletedAt: null }));
}
