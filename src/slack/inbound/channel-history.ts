import type { HistoryPage, SlackGateway } from '../../usecases/slack-gateway.js';
import type { ChannelHistory, ChannelHistoryPage } from '../../usecases/timeline-runtime.js';
import { entryFromHistory, type TimelineIdentity } from './message-event.js';

const PAGE_SIZE = 200;
// conversations.history and .replies are Tier 3 (about 50 calls a minute each): stay under it.
const MIN_CALL_INTERVAL_MS = 1_250;

/** One schedule per Web API method, shared by every reconciliation running in this process. */
export class HistoryPacer {
  private readonly nextCallAt = new Map<string, number>();

  constructor(private readonly intervalMs = MIN_CALL_INTERVAL_MS) {}

  async turn(method: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextCallAt.get(method) ?? 0);
    this.nextCallAt.set(method, at + this.intervalMs);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/** `oldest` is exclusive in conversations.history, and a stored time is a ts rounded to the millisecond: start 1 ms before. */
function oldestFor(since: Date | undefined): string | undefined {
  return since ? ((since.getTime() - 1) / 1000).toFixed(6) : undefined;
}

/** conversations.history / .replies read as timeline entries (the ChannelHistory port). */
export function slackChannelHistory(slack: SlackGateway, identity: TimelineIdentity, pacer: HistoryPacer): ChannelHistory {
  const read = (channelId: string, page: HistoryPage, parentTs?: string): ChannelHistoryPage => ({
    // Slack repeats the thread's parent at the top of every page of replies.
    entries: page.messages.filter((m) => m.ts !== parentTs).flatMap((m) => entryFromHistory(channelId, m, identity) ?? []),
    threads: page.messages.filter((m) => m.ts !== parentTs && (m.reply_count ?? 0) > 0).map((m) => ({ threadTs: m.ts, replyCount: m.reply_count! })),
    nextCursor: page.nextCursor,
  });
  const options = (since: Date | undefined, cursor: string | undefined) => {
    const oldest = oldestFor(since);
    return { ...(oldest ? { oldest } : {}), ...(cursor ? { cursor } : {}), limit: PAGE_SIZE };
  };
  return {
    async channel(channelId, since, cursor) {
      await pacer.turn('conversations.history');
      return read(channelId, await slack.history(channelId, options(since, cursor)));
    },
    async thread(channelId, threadTs, since, cursor) {
      await pacer.turn('conversations.replies');
      return read(channelId, await slack.replies(channelId, threadTs, options(since, cursor)), threadTs);
    },
  };
}
