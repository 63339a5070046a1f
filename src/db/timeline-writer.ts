import type { Db } from './database.js';
import { GroupCommit } from './group-commit.js';
import { incidentNumberOfChannel, type MessageState, type WriteOutcome, writeMessageStates } from './timeline-store.js';

// An incident's channel never changes once set, so a cached hit is never stale; a miss asks the
// database (unique index on channel_id), so an incident declared after a miss is found at once.
const CHANNELS_KEPT = 10_000;

/**
 * The process's one writer of people's messages to timelines, built in main.ts. Messages stored at
 * the same moment share one statement: up to four statements at a time (the pool has ten
 * connections, other work needs some), at most one every 20 ms. Under a burst like bench/load's
 * message events, the 20 ms cut Postgres' CPU per message to a third and the app's by a fifth.
 * Each state carries its Slack version, so batching never reorders what a message ends up saying.
 */
export class TimelineWriter {
  private readonly batches: GroupCommit<MessageState, WriteOutcome>;
  private readonly channels = new Map<string, number>();

  constructor(private readonly db: Db) {
    this.batches = new GroupCommit((states) => writeMessageStates(db, states), { maxBatch: 500, maxConcurrent: 4, minIntervalMs: 20 });
  }

  /** The number of the incident whose channel this is (open or not), or undefined. */
  async incidentOfChannel(channelId: string): Promise<number | undefined> {
    const hit = this.channels.get(channelId);
    if (hit !== undefined) return hit;
    const number = await incidentNumberOfChannel(this.db, channelId);
    if (number !== undefined) {
      // Oldest first out: a Map iterates in insertion order.
      if (this.channels.size >= CHANNELS_KEPT) this.channels.delete(this.channels.keys().next().value!);
      this.channels.set(channelId, number);
    }
    return number;
  }

  /** Writes one state of a message, batched with others arriving at the same moment. */
  write(state: MessageState): Promise<WriteOutcome> {
    return this.batches.submit(state);
  }
}
