/** A bound on how many calls are in flight at once; a call beyond it waits for a free slot, first come first served. */
export class CallSlots {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.inUse >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so inUse stays counted for it.
      if (next) next();
      else this.inUse--;
    };
  }
}
