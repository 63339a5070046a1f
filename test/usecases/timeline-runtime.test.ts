import { describe, expect, it } from 'vitest';
import { AuthorNames } from '../../src/usecases/author-name.js';
import { TimelineGaps } from '../../src/usecases/timeline-gaps.js';

describe("the timeline's runtime objects", () => {
  it('forgets an author name after its time to live, and the oldest one past its bound', () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const names = new AuthorNames({ maxEntries: 2, ttlMs: 60_000, now: () => now });
    names.set('UALICE', 'alice');
    names.set('UBOB', 'bob');
    names.set('UCAROL', 'carol');
    expect([names.get('UALICE'), names.get('UBOB'), names.get('UCAROL')]).toEqual([undefined, 'bob', 'carol']);
    now = new Date(now.getTime() + 60_000);
    expect(names.get('UBOB')).toBeUndefined();
  });

  it('keeps the oldest lost message and every thread of a gap, and does not count tries while the database is away', () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const gaps = new TimelineGaps({ maxAttempts: 2, firstBackoffMs: 5_000, now: () => now });
    gaps.note('C1', { occurredAt: new Date('2026-11-29T09:59:00Z'), threadTs: '1.000100' });
    gaps.note('C1', { occurredAt: new Date('2026-11-29T09:58:00Z'), threadTs: null });
    const due = gaps.takeDue();
    const gap = due.get('C1')!;
    expect([[...due.keys()], gap.oldest, [...gap.threads]]).toEqual([['C1'], new Date('2026-11-29T09:58:00Z'), ['1.000100']]);
    expect(gaps.takeDue().size).toBe(0);

    gaps.restore('C1', gap);
    expect(gaps.failed('C1', gaps.takeDue().get('C1')!)).toBe(true);
    expect(gaps.takeDue().size).toBe(0);
    now = new Date(now.getTime() + 5_000);
    expect(gaps.failed('C1', gaps.takeDue().get('C1')!)).toBe(false);
    expect(gaps.takeDue().size).toBe(0);
  });
});
