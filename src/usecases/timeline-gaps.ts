import type { Db } from '../db/database.js';
import { compareTs } from '../incidents/timeline.js';

/** Where a channel's timeline may be missing messages: from `oldestTs` on, and in these threads. */
export interface TimelineGap {
  /** The oldest message that failed to store; undefined: only "since the newest stored". */
  oldestTs: string | undefined;
  threads: Set<string>;
}

// Per database (tests run several apps in one process); lives in memory: after a restart the
// start-up reconciliation covers the same ground.
const gapsByDb = new WeakMap<Db, Map<string, TimelineGap>>();

function gapsOf(db: Db): Map<string, TimelineGap> {
  let gaps = gapsByDb.get(db);
  if (!gaps) {
    gaps = new Map();
    gapsByDb.set(db, gaps);
  }
  return gaps;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTs(a, b) <= 0 ? a : b;
}

/** Remembers that a message of this channel could not be stored (or a reconciliation failed). */
export function noteTimelineGap(db: Db, channelId: string, missing?: { messageTs: string; threadTs: string | null }): void {
  const gaps = gapsOf(db);
  const gap = gaps.get(channelId) ?? { oldestTs: undefined, threads: new Set<string>() };
  if (missing) gap.oldestTs = earlier(gap.oldestTs, missing.messageTs);
  if (missing?.threadTs) gap.threads.add(missing.threadTs);
  gaps.set(channelId, gap);
}

/** Every noted gap, forgotten here: the caller reconciles them or puts them back. */
export function takeTimelineGaps(db: Db): Map<string, TimelineGap> {
  const gaps = gapsOf(db);
  const taken = new Map(gaps);
  gaps.clear();
  return taken;
}

export function restoreTimelineGap(db: Db, channelId: string, gap: TimelineGap): void {
  const gaps = gapsOf(db);
  const current = gaps.get(channelId);
  gaps.set(channelId, {
    oldestTs: current ? earlier(current.oldestTs, gap.oldestTs) : gap.oldestTs,
    threads: new Set([...gap.threads, ...(current?.threads ?? [])]),
  });
}
