import { incidentNumberOfChannel, insertDeletedEntry, markEntryDeleted } from '../db/timeline-store.js';
import type { TimelineChange } from '../incidents/timeline.js';
import type { UseCaseContext } from './context.js';
import type { RecordOutcome } from './record-channel-message.js';

type Deletion = Extract<TimelineChange, { type: 'delete' }>;

/**
 * A deleted message: its entry is hidden (kept in the database, left out of the retrospective).
 * Deleted before its own event was stored: a hidden record is kept, so the late original stays hidden.
 */
export async function recordMessageDeletion(ctx: UseCaseContext, deletion: Deletion): Promise<RecordOutcome> {
  if (await markEntryDeleted(ctx.db, deletion.channelId, deletion.messageTs, deletion.deletedAt)) return 'recorded';
  if (!deletion.previous) return 'not_recorded';
  const incidentNumber = await incidentNumberOfChannel(ctx.db, deletion.channelId);
  if (incidentNumber === undefined) return 'not_an_incident_channel';
  await insertDeletedEntry(ctx.db, incidentNumber, { ...deletion.previous, authorName: null, deletedAt: deletion.deletedAt });
  return 'recorded';
}
