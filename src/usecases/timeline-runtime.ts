import type { TimelineWriter } from '../db/timeline-writer.js';
import type { MessageMarkup } from '../incidents/retrospective/format.js';
import type { MessageEntry } from '../incidents/timeline.js';
import type { AuthorNames } from './author-name.js';
import type { TimelineGaps } from './timeline-gaps.js';

/** One page of a channel's (or a thread's) messages, read as timeline entries. */
export interface ChannelHistoryPage {
  /** People's messages only (the bot's own, other apps' and noise are left out). */
  entries: MessageEntry[];
  /** Thread parents on this page and how many replies Slack counts for each. */
  threads: { threadTs: string; replyCount: number }[];
  nextCursor: string | undefined;
}

/** Reads what people said in a channel, paced to the workspace's limits (the Slack side implements it). */
export interface ChannelHistory {
  /** Messages said at or after `since` (all when undefined), newest page first. */
  channel(channelId: string, since: Date | undefined, cursor: string | undefined): Promise<ChannelHistoryPage>;
  /** A thread's replies said at or after `since`, without its parent. */
  thread(channelId: string, threadTs: string, since: Date | undefined, cursor: string | undefined): Promise<ChannelHistoryPage>;
}

/** The timeline's runtime objects, built once in main.ts and shared by its use cases. */
export interface TimelineRuntime {
  writer: TimelineWriter;
  authorNames: AuthorNames;
  gaps: TimelineGaps;
  history: ChannelHistory;
  /** How people's messages read as Markdown (the retrospective). */
  markup: MessageMarkup;
  /** This process, as named in reconciliation claims. */
  replicaId: string;
}
