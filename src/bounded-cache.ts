export interface BoundedCacheOptions {
  /** Most entries kept; the oldest goes first. */
  maxEntries: number;
  /** An entry is forgotten this long after it was stored. */
  ttlMs: number;
  now: () => Date;
}

/**
 * Answers worth keeping for a while (people's names, whether someone is a bot or deactivated), with
 * a bound and a time to live, so memory stays flat and a changed answer is seen again. Built in
 * main.ts and handed down like every runtime object.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly options: BoundedCacheOptions) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until > this.options.now().getTime()) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Kept for the cache's time to live, or `ttlMs` (a shorter while, say, for an answer that something is missing). */
  set(key: string, value: V, ttlMs = this.options.ttlMs): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: this.options.now().getTime() + ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
