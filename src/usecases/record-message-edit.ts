import { incidentNumberOfChannel, markEntryEdited, upsertEditedEntry } from '../db/timeline-store.js';
import type { MessageEntry } from '../incidents/timeline.js';
import { authorName } from './author-name.js';
import type { UseCaseContext } from './context.js';
import type { RecordOutcome } from './record-channel-message.js';
import { noteTimelineGap } from './timeline-gaps.js';

/**
 * An edited message: its entry takes the new text and is marked edited. An edit of a message not
 * stored yet (its own event lost or still on its way) stores it, edited, while the incident is open.
 */
export async function recordMessageEdit(ctx: UseCaseContext, edited: MessageEntry): Promise<RecordOutcome> {
  try {
    if (await markEntryEdited(ctx.db, edited)) return 'recorded';
    const incidentNumber = await incidentNumberOfChannel(ctx.db, edited.channelId);
    if (incidentNumber === undefined) return 'not_an_incident_channel';
    await upsertEditedEntry(ctx.db, incidentNumber, { ...edited, authorName: await authorName(ctx, edited.authorId) });
    return 'recorded';
  } catch (error) {
    noteTimelineGap(ctx.db, edited.channelId, edited);
    throw error;
  }
}
