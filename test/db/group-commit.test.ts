import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/db/group-commit.js';

describe('group commit', () => {
  it('writes at once when idle and groups what arrives while a write is under way', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const writer = new GroupCommit<number, string>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((n) => `stored ${n}`);
      },
      { maxBatch: 3, maxConcurrent: 1 },
    );
    const first = writer.submit(1);
    const rest = [2, 3, 4, 5, 6].map((n) => writer.submit(n));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4, 5, 6].map((n) => `stored ${n}`));
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('with a minimum interval, starts the first write at once and groups what follows soon after, though slots are free', async () => {
    const batches: number[][] = [];
    const writer = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      { maxBatch: 10, maxConcurrent: 4, minIntervalMs: 50 },
    );
    const first = writer.submit(1);
    expect(batches).toEqual([[1]]);
    await first;
    const soonAfter = [2, 3, 4].map((n) => writer.submit(n));
    expect(batches).toEqual([[1]]);
    expect(await Promise.all(soonAfter)).toEqual([2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('without a minimum interval, writes each item at once while slots are free', async () => {
    const batches: number[][] = [];
    const writer = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      { maxBatch: 10, maxConcurrent: 4 },
    );
    await Promise.all([1, 2, 3].map((n) => writer.submit(n)));
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const writer = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(13)) throw new Error('unlucky');
        return items;
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const blocker = writer.submit(0);
    const results = await Promise.allSettled([12, 13, 14].map((n) => writer.submit(n)));
    await blocker;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('unlucky');
  });
});
