interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  maxBatch: number;
  maxConcurrent: number;
  /**
   * Statements start at least this far apart; items arriving meanwhile join the next one. Under a
   * burst that makes few large statements instead of many small ones (each costs a round trip, a
   * commit and CPU on both sides); when idle the first item still goes at once.
   */
  minIntervalMs?: number;
}

/**
 * Writes items that arrive together in one statement: each `submit` starts a write at once while
 * fewer than `maxConcurrent` are under way and the last started `minIntervalMs` ago or more;
 * otherwise it waits and joins the next batch. Under load that means one commit for many items;
 * when idle, no added delay. A failed batch is retried item by item (all at once), so one bad item
 * fails alone.
 */
export class GroupCommit<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private wakeUp: NodeJS.Timeout | undefined;

  constructor(
    /** Writes the items in one statement; answers one result per item, in order. */
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxConcurrent && this.waiting.length > 0) {
      const wait = this.lastStartedAt + (this.options.minIntervalMs ?? 0) - performance.now();
      if (wait > 0) {
        this.wakeUp ??= setTimeout(() => {
          this.wakeUp = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.lastStartedAt = performance.now();
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running += 1;
      void this.flush(batch).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(batch.map((waiting) => this.flush([waiting])));
    }
  }
}
