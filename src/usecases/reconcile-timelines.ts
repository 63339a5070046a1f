import { findIncidentByChannel, listOpenIncidents } from '../db/incident-store.js';
import {
  claimChannelReconcile,
  type MessageState,
  newestMessageAt,
  releaseChannelReconcile,
  storedReplyCounts,
  threadsRepliedSince,
  type WriteOutcome,
  writeMessageStates,
} from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import type { MessageEntry } from '../incidents/timeline.js';
import { isOpenState } from '../incidents/types.js';
import { authorName } from './author-name.js';
import type { UseCaseContext } from './context.js';
import { SlackCallError } from './slack-gateway.js';
import type { TimelineGap } from './timeline-gaps.js';
import type { ChannelHistoryPage } from './timeline-runtime.js';

// Events still being stored, or lost in a crash, are this close to the newest stored message.
const LOOKBACK_MS = 10 * 60_000;
// A channel read by one replica is not read again by another within this long: one read per run.
const CLAIM_LEASE_MS = 60_000;
const BATCH = 500;

export interface ReconcileSummary {
  channels: number;
  /** Messages that were missing and are now stored. */
  inserted: number;
  failed: number;
}

export interface ReconcileResult {
  /** Messages that were missing and are now stored. */
  inserted: number;
  /** Stored messages whose text was behind Slack's (an edit lost) and is now brought up to date. */
  repaired: number;
  /** Messages the database refused, logged and left out. */
  refused: number;
}

async function* everyPage(read: (cursor: string | undefined) => Promise<ChannelHistoryPage>): AsyncGenerator<ChannelHistoryPage> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield page;
    cursor = page.nextCursor;
  } while (cursor);
}

function earliest(...candidates: (Date | undefined)[]): Date | undefined {
  return candidates.filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
}

/**
 * Fetches the channel's messages from a little before the newest stored one (or from the oldest
 * message noted as lost), stores whatever is missing and brings up to date what an edit changed.
 * Idempotent.
 */
export async function reconcileIncidentTimeline(
  ctx: UseCaseContext,
  incident: Pick<Incident, 'number'> & { channelId: string },
  gap?: Pick<TimelineGap, 'oldest' | 'threads'>,
): Promise<ReconcileResult> {
  const { channelId } = incident;
  const history = ctx.timeline.history;
  const newest = await newestMessageAt(ctx.db, channelId);
  const lookback = newest && new Date(newest.getTime() - LOOKBACK_MS);
  const since = earliest(lookback, gap?.oldest);

  const found = new Map<string, MessageEntry>();
  const replyCounts = new Map<string, number>();
  for await (const page of everyPage((cursor) => history.channel(channelId, since, cursor))) {
    for (const entry of page.entries) found.set(entry.messageTs, entry);
    for (const { threadTs, replyCount } of page.threads) replyCounts.set(threadTs, replyCount);
  }

  const stored = await storedReplyCounts(ctx.db, channelId, [...replyCounts.keys()]);
  const threads = new Set([...replyCounts].filter(([ts, count]) => (stored.get(ts) ?? 0) < count).map(([ts]) => ts));
  for (const threadTs of gap?.threads ?? []) threads.add(threadTs);
  // Threads started before the window but replied to in it: history does not list their parents.
  if (lookback) {
    for (const threadTs of await threadsRepliedSince(ctx.db, channelId, lookback)) {
      if (!replyCounts.has(threadTs)) threads.add(threadTs);
    }
  }
  for (const threadTs of threads) {
    for await (const page of everyPage((cursor) => history.thread(channelId, threadTs, since, cursor))) {
      for (const entry of page.entries) found.set(entry.messageTs, entry);
    }
  }
  if (found.size === 0) return { inserted: 0, repaired: 0, refused: 0 };

  const names = new Map<string, string | null>();
  for (const authorId of new Set([...found.values()].map((e) => e.authorId))) names.set(authorId, await authorName(ctx, authorId));
  const states: MessageState[] = [...found.values()].map((entry) => ({
    incidentNumber: incident.number,
    channelId,
    messageTs: entry.messageTs,
    content: { ...entry, authorName: names.get(entry.authorId) ?? null },
    deletedAt: null,
  }));
  const result = await writeIsolated(ctx, states);
  if (result.inserted > 0 || result.repaired > 0) ctx.logger.info({ incident: incident.number, ...result }, 'timeline reconciled with Slack');
  return result;
}

/** Writes in batches; a batch the database refuses is written message by message, so one bad message is left out alone (and logged once). */
async function writeIsolated(ctx: UseCaseContext, states: readonly MessageState[]): Promise<ReconcileResult> {
  const result: ReconcileResult = { inserted: 0, repaired: 0, refused: 0 };
  const count = (outcomes: WriteOutcome[]) => {
    for (const outcome of outcomes) {
      if (outcome === 'inserted') result.inserted += 1;
      if (outcome === 'updated') result.repaired += 1;
    }
  };
  for (let start = 0; start < states.length; start += BATCH) {
    const batch = states.slice(start, start + BATCH);
    try {
      count(await writeMessageStates(ctx.db, batch, 'later_version_or_history_edit'));
    } catch (batchError) {
      if (batch.length === 1) throw batchError;
      const refused: { state: MessageState; error: unknown }[] = [];
      for (const state of batch) {
        try {
          count(await writeMessageStates(ctx.db, [state], 'later_version_or_history_edit'));
        } catch (error) {
          refused.push({ state, error });
        }
      }
      // Every one refused: the database is away, not one bad message.
      if (refused.length === batch.length) throw batchError;
      for (const { state, error } of refused) {
        ctx.logger.warn({ err: error, channel: state.channelId, messageTs: state.messageTs }, 'timeline message refused by the database; left out');
      }
      result.refused += refused.length;
    }
  }
  return result;
}

/**
 * Every open incident's channel: at start and every few minutes. Each channel is claimed in the
 * database first, so replicas share the reads: one replica reads a channel per run.
 */
export async function reconcileTimelines(ctx: UseCaseContext): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { channels: 0, inserted: 0, failed: 0 };
  for (const incident of await listOpenIncidents(ctx.db)) {
    if (!incident.channelId) continue;
    if (!(await claimChannelReconcile(ctx.db, incident.channelId, ctx.timeline.replicaId, ctx.now(), CLAIM_LEASE_MS))) continue;
    summary.channels += 1;
    try {
      summary.inserted += (await reconcileIncidentTimeline(ctx, { number: incident.number, channelId: incident.channelId })).inserted;
    } catch (error) {
      summary.failed += 1;
      await releaseChannelReconcile(ctx.db, incident.channelId, ctx.timeline.replicaId).catch(() => undefined);
      // The after-outage pass retries it as soon as the database and Slack answer.
      ctx.timeline.gaps.note(incident.channelId);
      ctx.logger.warn({ err: error, incident: incident.number }, 'timeline reconciliation failed; retrying shortly');
    }
  }
  return summary;
}

async function databaseAnswers(ctx: UseCaseContext): Promise<boolean> {
  try {
    await ctx.db.selectFrom('incidents').select('number').limit(1).execute();
    return true;
  } catch {
    return false;
  }
}

/**
 * The channels where a message failed to store: reconciled from the oldest lost message once the
 * database answers again. Called every few seconds; nothing due, nothing done. While the database
 * is away the gaps wait, untried; a gap that still fails with the database up is retried with
 * backoff a few times, then given up and logged.
 */
export async function reconcileAfterOutage(ctx: UseCaseContext): Promise<ReconcileSummary | undefined> {
  const gaps = ctx.timeline.gaps.takeDue();
  if (gaps.size === 0) return undefined;
  if (!(await databaseAnswers(ctx))) {
    for (const [channelId, gap] of gaps) ctx.timeline.gaps.restore(channelId, gap);
    return undefined;
  }
  const summary: ReconcileSummary = { channels: 0, inserted: 0, failed: 0 };
  for (const [channelId, gap] of gaps) {
    try {
      const incident = await findIncidentByChannel(ctx.db, channelId);
      if (!incident || !isOpenState(incident.state) || incident.abandonedAt) continue;
      summary.channels += 1;
      summary.inserted += (await reconcileIncidentTimeline(ctx, { number: incident.number, channelId }, gap)).inserted;
    } catch (error) {
      summary.failed += 1;
      if (error instanceof SlackCallError && !error.retryable) {
        ctx.logger.warn({ err: error, channel: channelId }, 'timeline reconciliation gave up: Slack refused');
        continue;
      }
      if (ctx.timeline.gaps.failed(channelId, gap)) {
        ctx.logger.debug({ err: error, channel: channelId, attempt: gap.attempts + 1 }, 'timeline reconciliation postponed');
      } else {
        ctx.logger.warn({ err: error, channel: channelId, attempts: gap.attempts + 1 }, 'timeline reconciliation gave up after repeated failures; the channel may miss messages');
      }
    }
  }
  return summary;
}
