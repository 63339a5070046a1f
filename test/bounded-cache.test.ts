import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../src/bounded-cache.js';

describe('a bounded cache', () => {
  it('forgets an answer after its time to live, so a changed answer (a deactivated account) is seen', () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 60_000, now: () => now });
    cache.set('UALICE', 'person');
    now = new Date(now.getTime() + 59_999);
    expect(cache.get('UALICE')).toBe('person');
    now = new Date(now.getTime() + 1);
    expect(cache.get('UALICE')).toBeUndefined();
  });

  it('keeps an answer for a shorter while when told (a name Slack does not know)', () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 600_000, now: () => now });
    cache.set('UGONE', 'unknown', 60_000);
    now = new Date(now.getTime() + 59_999);
    expect(cache.get('UGONE')).toBe('unknown');
    now = new Date(now.getTime() + 1);
    expect(cache.get('UGONE')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest', () => {
    const cache = new BoundedCache<number>({ maxEntries: 2, ttlMs: 60_000, now: () => new Date(0) });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
