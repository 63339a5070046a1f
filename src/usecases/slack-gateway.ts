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
  /** What posted it, when Sitrep did (see MessageMetadata in src/slack/slack-api.ts). */
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export interface HistoryPage {
  messages: SlackHistoryMessage[];
  nextCursor: string | undefined;
}

/**
 * What the timeline use cases read back from the chat workspace: channel history, threads and
 * people's names. Everything Sitrep tells people goes through IncidentNotifier and Workspace
 * (`ports.ts`); the Web API gateway in `src/slack/` implements this and more.
 * Failures are thrown as SlackCallError.
 */
export interface SlackGateway {
  permalink(channel: string, ts: string): Promise<string>;
  history(channel: string, options: { oldest?: string; cursor?: string; limit?: number }): Promise<HistoryPage>;
  replies(channel: string, threadTs: string, options: { oldest?: string; cursor?: string; limit?: number }): Promise<HistoryPage>;
  /** Cached: names and bot flags do not change during an incident. */
  user(userId: string): Promise<SlackUser>;
}

/** A call to the chat workspace that failed after the client's own retries. */
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

