import type { MessageState } from '../db/timeline-store.js';
import type { MessageEntry } from '../incidents/timeline.js';
import { authorName } from './author-name.js';
import type { UseCaseContext } from './context.js';

export type RecordOutcome = 'recorded' | 'not_recorded' | 'not_an_incident_channel';

/**
 * Writes one state of a message of an incident channel. States carry Slack's version, so they may
 * be written in any order, by any replica. A failure to store is remembered so reconciliation
 * fetches the channel's messages once the database answers.
 */
export async function recordMessageState(
  ctx: UseCaseContext,
  about: { channelId: string; messageTs: string; occurredAt: Date | undefined; threadTs: string | null },
  state: (incidentNumber: number) => Promise<Omit<MessageState, 'incidentNumber' | 'channelId' | 'messageTs'>>,
): Promise<RecordOutcome> {
  try {
    const incidentNumber = await ctx.timeline.writer.incidentOfChannel(about.channelId);
    if (incidentNumber === undefined) return 'not_an_incident_channel';
    const outcome = await ctx.timeline.writer.write({ incidentNumber, channelId: about.channelId, messageTs: about.messageTs, ...(await state(incidentNumber)) });
    return outcome === 'unchanged' ? 'not_recorded' : 'recorded';
  } catch (error) {
    ctx.timeline.gaps.note(about.channelId, about.occurredAt ? { occurredAt: about.occurredAt, threadTs: about.threadTs } : undefined);
    throw error;
  }
}

/**
 * A person's message in a channel: stored once on its incident's timeline while the incident is
 * open. `not_recorded`: already there (a retry, a replay, an edit that came first) or the incident is not open.
 */
export async function recordChannelMessage(ctx: UseCaseContext, entry: MessageEntry): Promise<RecordOutcome> {
  return recordMessageState(ctx, entry, async () => ({ content: { ...entry, authorName: await authorName(ctx, entry.authorId) }, deletedAt: null }));
}
