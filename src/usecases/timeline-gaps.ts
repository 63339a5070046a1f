/** Where a channel's timeline may be missing messages: from `oldest` on, and in these threads. */
export interface TimelineGap {
  /** When the oldest message that failed to store was said; undefined: only "since the newest stored". */
  oldest: Date | undefined;
  threads: Set<string>;
  /** Reconciliations of this gap that failed although the database answered. */
  attempts: number;
  /** Not retried before this time (backoff between attempts). */
  notBefore: number;
}

export interface TimelineGapsOptions {
  /** Failed attempts (database up) before a gap is given up. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubled after each. */
  firstBackoffMs: number;
  now: () => Date;
}

function earlier(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

/**
 * Channels whose timeline may be missing messages (the database refused or was down), built once
 * in main.ts. Lives in memory: after a restart the start-up reconciliation covers the same ground.
 */
export class TimelineGaps {
  private readonly gaps = new Map<string, TimelineGap>();

  constructor(private readonly options: TimelineGapsOptions) {}

  /** Remembers that a message of this channel could not be stored (or a reconciliation failed). */
  note(channelId: string, missing?: { occurredAt: Date; threadTs: string | null }): void {
    const gap = this.gaps.get(channelId) ?? { oldest: undefined, threads: new Set<string>(), attempts: 0, notBefore: 0 };
    if (missing) gap.oldest = earlier(gap.oldest, missing.occurredAt);
    if (missing?.threadTs) gap.threads.add(missing.threadTs);
    this.gaps.set(channelId, gap);
  }

  /** The gaps due for a try, forgotten here: the caller reconciles them, puts them back or gives them up. */
  takeDue(): Map<string, TimelineGap> {
    const now = this.options.now().getTime();
    const due = new Map<string, TimelineGap>();
    for (const [channelId, gap] of this.gaps) {
      if (gap.notBefore > now) continue;
      due.set(channelId, gap);
      this.gaps.delete(channelId);
    }
    return due;
  }

  /** Puts a gap back untried (the database is still away): no attempt is counted. */
  restore(channelId: string, gap: TimelineGap): void {
    const current = this.gaps.get(channelId);
    this.gaps.set(channelId, {
      oldest: earlier(current?.oldest, gap.oldest),
      threads: new Set([...gap.threads, ...(current?.threads ?? [])]),
      attempts: Math.max(gap.attempts, current?.attempts ?? 0),
      notBefore: Math.max(gap.notBefore, current?.notBefore ?? 0),
    });
  }

  /** Counts a failed attempt: the gap is retried later, or answers false once it is given up. */
  failed(channelId: string, gap: TimelineGap): boolean {
    const attempts = gap.attempts + 1;
    if (attempts >= this.options.maxAttempts) return false;
    const notBefore = this.options.now().getTime() + this.options.firstBackoffMs * 2 ** (attempts - 1);
    this.restore(channelId, { ...gap, attempts, notBefore });
    return true;
  }
}
