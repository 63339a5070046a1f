import { describe, expect, it } from 'vitest';
import type { InsightRow } from '../../src/db/incident-read-store.js';
import { InsightRowsCache } from '../../src/usecases/insight-rows-cache.js';

const row = (number: number): InsightRow => ({ number, private: false, severity: 'sev2', type: null, declaredAt: new Date(0), firstUpdateAt: null, mitigatedAt: null, resolvedAt: null });

describe('Insight rows kept briefly', () => {
  it('reads once for readers together, again once the time is up, and per filter', async () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const cache = new InsightRowsCache(15_000, () => now);
    let reads = 0;
    const read = async () => [row(++reads)];
    const together = await Promise.all([cache.rows('a', read), cache.rows('a', read), cache.rows('a', read)]);
    expect(together.map((rows) => rows[0]!.number)).toEqual([1, 1, 1]);
    now = new Date(now.getTime() + 14_999);
    expect((await cache.rows('a', read))[0]!.number).toBe(1);
    expect((await cache.rows('b', read))[0]!.number).toBe(2);
    now = new Date(now.getTime() + 1);
    expect((await cache.rows('a', read))[0]!.number).toBe(3);
  });

  it('does not keep a failed read', async () => {
    const cache = new InsightRowsCache(15_000, () => new Date('2026-11-29T10:00:00Z'));
    await expect(cache.rows('a', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(await cache.rows('a', async () => [row(7)])).toEqual([row(7)]);
  });
});
