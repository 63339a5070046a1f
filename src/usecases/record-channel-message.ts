import { incidentNumberOfChannel, insertMessageEntry } from '../db/timeline-store.js';
import type { MessageEntry } from '../incidents/timeline.js';
import { authorName } from './author-name.js';
import type { UseCaseContext } from './context.js';
import { noteTimelineGap } from './timeline-gaps.js';

export type RecordOutcome = 'recorded' | 'not_recorded' | 'not_an_incident_channel';

/**
 * A person's message in a channel: stored once on its incident's timeline while the incident is
 * open. `not_recorded`: already there (a retry, a replay) or the incident is not open.
 * A failure to store is remembered so reconciliation fetches the message once the database answers.
 */
export async function recordChannelMessage(ctx: UseCaseContext, entry: MessageEntry): Promise<RecordOutcome> {
  try {
    const incidentNumber = await incidentNumberOfChannel(ctx.db, entry.channelId);
    if (incidentNumber === undefined) return 'not_an_incident_channel';
    const stored = await insertMessageEntry(ctx.db, incidentNumber, { ...entry, authorName: await authorName(ctx, entry.authorId) });
    return stored ? 'recorded' : 'not_recorded';
  } catch (error) {
    noteTimelineGap(ctx.db, entry.channelId, entry);
    throw error;
  }
}
