interface Waiting {
  start: () => void;
  timer: NodeJS.Timeout;
}

export interface WorkQueueOptions {
  /** Tasks holding a slot at once. */
  concurrency: number;
  /** A task that has waited this long starts anyway: a burst delays work, never parks it. */
  maxWaitMs: number;
}

/**
 * Work that may wait its turn: at most `concurrency` tasks hold a slot at once, the others wait,
 * first come first served. Used for work after an ack, so a burst of requests is acked first.
 */
export class WorkQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(private readonly options: WorkQueueOptions) {}

  /** Runs `task` in its turn, holding a slot until it is done. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.options.concurrency && this.waiting.length === 0) this.running += 1;
    else await this.turn();
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.startWaiting();
    }
  }

  private turn(): Promise<void> {
    return new Promise<void>((start) => {
      const waiting: Waiting = {
        start,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiting), 1);
          this.running += 1;
          start();
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiting);
    });
  }

  private startWaiting(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      clearTimeout(next.timer);
      this.running += 1;
      next.start();
    }
  }
}
