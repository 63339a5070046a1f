import type { TimelineChange } from '../incidents/timeline.js';
import type { UseCaseContext } from './context.js';
import { type RecordOutcome, recordMessageState } from './record-channel-message.js';

type Deletion = Extract<TimelineChange, { type: 'delete' }>;

/**
 * A deleted message: its entry is hidden (kept in the database, left out of the retrospective).
 * Deleted before its own event was stored: a hidden record is kept (with what it said when Slack
 * tells us), so the late original stays hidden.
 */
export async function recordMessageDeletion(ctx: UseCaseContext, deletion: Deletion): Promise<RecordOutcome> {
  const about = { channelId: deletion.channelId, messageTs: deletion.messageTs, occurredAt: deletion.previous?.occurredAt, threadTs: deletion.previous?.threadTs ?? null };
  return recordMessageState(ctx, about, async () => ({
    content: deletion.previous ? { ...deletion.previous, authorName: null } : undefined,
    deletedAt: deletion.deletedAt,
  }));
}
