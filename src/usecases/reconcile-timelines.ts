import { findIncidentByChannel, listOpenIncidents } from '../db/incident-store.js';
import {
  insertMessageEntries,
  newestMessageTs,
  type StoredMessage,
  storedReplyCounts,
  threadsRepliedSince,
  upsertEditedEntry,
} from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { compareTs, dateOfTs, entryFromHistory, type MessageEntry, tsJustBefore } from '../incidents/timeline.js';
import { isOpenState } from '../incidents/types.js';
import { authorName } from './author-name.js';
import type { UseCaseContext } from './context.js';
import { type HistoryPage, SlackCallError, type SlackGateway, type SlackHistoryMessage } from './slack-gateway.js';
import { restoreTimelineGap, type TimelineGap, takeTimelineGaps } from './timeline-gaps.js';

const PAGE_SIZE = 200;
// conversations.history and .replies are Tier 3 (about 50 calls a minute each): stay under it.
const MIN_CALL_INTERVAL_MS = 1_250;
// Events still being stored, or lost in a crash, are this close to the newest stored message.
const LOOKBACK_MS = 10 * 60_000;

export interface ReconcileSummary {
  channels: number;
  /** Messages that were missing and are now stored. */
  inserted: number;
  failed: number;
}

// One schedule per Slack connection, shared by every reconciliation running at the same time.
const nextCallAt = new WeakMap<SlackGateway, Map<string, number>>();

async function paced(slack: SlackGateway, method: string): Promise<void> {
  let slots = nextCallAt.get(slack);
  if (!slots) {
    slots = new Map();
    nextCallAt.set(slack, slots);
  }
  const now = Date.now();
  const at = Math.max(now, slots.get(method) ?? 0);
  slots.set(method, at + MIN_CALL_INTERVAL_MS);
  if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
}

async function* everyMessage(slack: SlackGateway, method: string, page: (cursor: string | undefined) => Promise<HistoryPage>): AsyncGenerator<SlackHistoryMessage> {
  let cursor: string | undefined;
  do {
    await paced(slack, method);
    const result = await page(cursor);
    yield* result.messages;
    cursor = result.nextCursor;
  } while (cursor);
}

function tsBefore(ts: string, ms: number): string {
  return ((dateOfTs(ts).getTime() - ms) / 1000).toFixed(6);
}

function earliest(...candidates: (string | undefined)[]): string | undefined {
  return candidates.filter((ts): ts is string => ts !== undefined).sort(compareTs)[0];
}

/**
 * Fetches the channel's messages from a little before the newest stored one (or from the oldest
 * message noted as lost) and stores whatever is missing. Idempotent; returns how many were new.
 */
export async function reconcileIncidentTimeline(
  ctx: UseCaseContext,
  incident: Pick<Incident, 'number'> & { channelId: string },
  gap?: TimelineGap,
): Promise<number> {
  const channelId = incident.channelId;
  const identity = { botUserId: ctx.botUserId, workspaceUrl: ctx.workspaceUrl };
  const newest = await newestMessageTs(ctx.db, channelId);
  const oldest = earliest(newest && tsBefore(newest, LOOKBACK_MS), gap?.oldestTs && tsJustBefore(gap.oldestTs));

  const found = new Map<string, MessageEntry>();
  const replyCounts = new Map<string, number>();
  for await (const message of everyMessage(ctx.slack, 'conversations.history', (cursor) =>
    ctx.slack.history(channelId, { ...(oldest ? { oldest } : {}), ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
  )) {
    const entry = entryFromHistory(channelId, message, identity);
    if (entry) found.set(entry.messageTs, entry);
    if ((message.reply_count ?? 0) > 0) replyCounts.set(message.ts, message.reply_count!);
  }

  const stored = await storedReplyCounts(ctx.db, channelId, [...replyCounts.keys()]);
  const threads = new Set([...replyCounts].filter(([ts, count]) => (stored.get(ts) ?? 0) < count).map(([ts]) => ts));
  for (const threadTs of gap?.threads ?? []) threads.add(threadTs);
  // Threads started before the window but replied to in it: history does not list their parents.
  if (newest) {
    for (const threadTs of await threadsRepliedSince(ctx.db, channelId, dateOfTs(tsBefore(newest, LOOKBACK_MS)))) {
      if (!replyCounts.has(threadTs)) threads.add(threadTs);
    }
  }
  for (const threadTs of threads) {
    for await (const message of everyMessage(ctx.slack, 'conversations.replies', (cursor) =>
      ctx.slack.replies(channelId, threadTs, { ...(oldest ? { oldest } : {}), ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    )) {
      // Slack repeats the thread's parent at the top of every page.
      if (message.ts === threadTs) continue;
      const entry = entryFromHistory(channelId, message, identity);
      if (entry) found.set(entry.messageTs, entry);
    }
  }
  if (found.size === 0) return 0;

  const names = new Map<string, string | null>();
  for (const authorId of new Set([...found.values()].map((e) => e.authorId))) names.set(authorId, await authorName(ctx, authorId));
  const messages: StoredMessage[] = [...found.values()].map((e) => ({ ...e, authorName: names.get(e.authorId) ?? null }));
  const inserted = await insertMessageEntries(ctx.db, incident.number, messages.filter((m) => m.editedAt === null));
  // Edited ones: their edit may have been lost too, so the stored text is brought up to date.
  for (const message of messages.filter((m) => m.editedAt !== null)) await upsertEditedEntry(ctx.db, incident.number, message);
  if (inserted > 0) ctx.logger.info({ incident: incident.number, inserted }, 'timeline reconciled: missing messages stored');
  return inserted;
}

/** Every open incident's channel: at start and every few minutes. */
export async function reconcileTimelines(ctx: UseCaseContext): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { channels: 0, inserted: 0, failed: 0 };
  for (const incident of await listOpenIncidents(ctx.db)) {
    if (!incident.channelId) continue;
    summary.channels += 1;
    try {
      summary.inserted += await reconcileIncidentTimeline(ctx, { number: incident.number, channelId: incident.channelId });
    } catch (error) {
      summary.failed += 1;
      // The after-outage pass retries it as soon as the database and Slack answer.
      restoreTimelineGap(ctx.db, incident.channelId, { oldestTs: undefined, threads: new Set() });
      ctx.logger.warn({ err: error, incident: incident.number }, 'timeline reconciliation failed; retrying shortly');
    }
  }
  return summary;
}

/**
 * The channels where a message failed to store (the database was down): reconciled from the
 * oldest lost message once the database answers again. Called every few seconds; nothing noted,
 * nothing done. While the database is still down the gaps are kept for the next call.
 */
export async function reconcileAfterOutage(ctx: UseCaseContext): Promise<ReconcileSummary | undefined> {
  const gaps = takeTimelineGaps(ctx.db);
  if (gaps.size === 0) return undefined;
  const summary: ReconcileSummary = { channels: 0, inserted: 0, failed: 0 };
  for (const [channelId, gap] of gaps) {
    try {
      const incident = await findIncidentByChannel(ctx.db, channelId);
      if (!incident || !isOpenState(incident.state) || incident.abandonedAt) continue;
      summary.channels += 1;
      summary.inserted += await reconcileIncidentTimeline(ctx, { number: incident.number, channelId }, gap);
    } catch (error) {
      summary.failed += 1;
      if (error instanceof SlackCallError && !error.retryable) {
        ctx.logger.warn({ err: error, channel: channelId }, 'timeline reconciliation gave up: Slack refused');
        continue;
      }
      restoreTimelineGap(ctx.db, channelId, gap);
      ctx.logger.debug({ err: error, channel: channelId }, 'timeline reconciliation postponed');
    }
  }
  return summary;
}
