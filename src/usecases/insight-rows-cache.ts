import type { InsightRow } from '../db/incident-read-store.js';

/**
 * The rows the insight charts are drawn from, kept briefly and shared by every reader (who may see
 * which private incident is decided per reader afterwards): a month-by-month chart need not be read
 * again from thousands of incidents for each reader that opens it. Built once in main.ts.
 */
export class InsightRowsCache {
  private readonly entries = new Map<string, { rows: Promise<InsightRow[]>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /** The rows for this filter (`key`), read with `read` when not kept; a failed read is not kept. */
  async rows(key: string, read: () => Promise<InsightRow[]>): Promise<InsightRow[]> {
    const at = this.now().getTime();
    const kept = this.entries.get(key);
    if (kept && kept.until > at) return kept.rows;
    for (const [k, entry] of this.entries) if (entry.until <= at) this.entries.delete(k);
    const rows = read();
    this.entries.set(key, { rows, until: at + this.ttlMs });
    rows.catch(() => this.entries.delete(key));
    return rows;
  }
}
