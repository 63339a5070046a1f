import type { KnownBlock, View } from '@slack/types';

/** A message as Slack shows it: the text is the notification and fallback, the blocks what people see. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  isBot: boolean;
  deleted: boolean;
}

/** A message as conversations.history / replies return it. */
export interface SlackHistoryMessage {
  ts: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  thread_ts?: string;
  reply_count?: number;
  files?: { id?: string; name?: string; title?: string }[];
  edited?: { ts: string };
}

export interface HistoryPage {
  messages: SlackHistoryMessage[];
  nextCursor: string | undefined;
}

/**
 * Everything Sitrep tells Slack or asks it, in incident terms. Use cases depend on this port
 * only; `src/slack/web-api-gateway.ts` implements it over the Web API client.
 * Failures are thrown as SlackCallError.
 */
export interface SlackGateway {
  createChannel(name: string, isPrivate: boolean): Promise<{ id: string; name: string }>;
  /** Invites in one call; people already in the channel are not an error. */
  inviteToChannel(channel: string, userIds: string[]): Promise<void>;
  setTopic(channel: string, topic: string): Promise<void>;
  postMessage(channel: string, message: SlackMessage & { threadTs?: string }): Promise<PostedMessage>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  /** Already pinned is not an error. */
  pinMessage(channel: string, ts: string): Promise<void>;
  postEphemeral(channel: string, userId: string, message: SlackMessage): Promise<void>;
  sendDirectMessage(userId: string, message: SlackMessage): Promise<PostedMessage>;
  openView(triggerId: string, view: View): Promise<{ viewId: string }>;
  updateView(viewId: string, view: View): Promise<void>;
  publishHomeView(userId: string, view: View): Promise<void>;
  uploadFile(file: {
    channel: string;
    filename: string;
    title: string;
    content: string;
    initialComment?: string;
    threadTs?: string;
  }): Promise<{ fileId: string | undefined }>;
  permalink(channel: string, ts: string): Promise<string>;
  history(channel: string, options: { oldest?: string; cursor?: string; limit?: number }): Promise<HistoryPage>;
  replies(channel: string, threadTs: string, options: { oldest?: string; cursor?: string; limit?: number }): Promise<HistoryPage>;
  /** Cached: names and bot flags do not change during an incident. */
  user(userId: string): Promise<SlackUser>;
  /** Everyone in the channel (all pages): who may see a private incident. */
  channelMembers(channel: string): Promise<string[]>;
}

/** A Slack call that failed after the client's own retries. */
export class SlackCallError extends Error {
  constructor(
    readonly method: string,
    /** Slack's error code (`name_taken`, `channel_not_found`, …) or `rate_limited` / `http_error` / `request_error`. */
    readonly code: string,
    /** True when trying again later may succeed (rate limits, network and server errors). */
    readonly retryable: boolean,
  ) {
    super(`Slack ${method} failed: ${code}`);
    this.name = 'SlackCallError';
  }
}

/** Slack error codes that mean the channel is gone for good: stop trying to post there. */
export const CHANNEL_GONE_CODES = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'channel_is_archived']);
