/** Counts work under way so a graceful shutdown can wait for it to finish. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    try {
      return await promise;
    } finally {
      this.running.delete(promise);
    }
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything under way has settled, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]).then(() => undefined), deadline]);
    clearTimeout(timer);
  }
}
