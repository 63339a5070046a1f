import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDuration } from '../../src/incidents/time.js';

describe('times shown to people', () => {
  const at = new Date('2026-11-21T14:05:09Z');

  it('formats the clock and the date in the configured zone', () => {
    expect(formatClock(at, 'UTC')).toBe('14:05');
    expect(formatClock(at, 'Europe/Paris')).toBe('15:05');
    expect(formatDateTime(at, 'America/New_York')).toBe('2026-11-21 09:05 America/New_York');
    expect(formatDateTime(new Date('2026-11-21T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-22 08:30 Asia/Tokyo');
  });

  it('formats durations short, from seconds to days', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(12 * 60_000 + 20_000)).toBe('12m');
    expect(formatDuration(65 * 60_000)).toBe('1h 05m');
    expect(formatDuration((2 * 24 + 3) * 3_600_000)).toBe('2d 3h');
    expect(formatDuration(-5_000)).toBe('0s');
  });
});
