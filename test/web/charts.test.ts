import { describe, expect, it } from 'vitest';
import { durationAxisMax, durationTick, lines } from '../../src/web/charts.js';

const ticksOf = (max: number) => [0, 0.25, 0.5, 0.75, 1].map((t) => durationTick(durationAxisMax(max) * t));

describe('duration axes', () => {
  it('reads in round steps of one unit', () => {
    expect(ticksOf(5 * 60_000)).toEqual(['0', '2 min', '4 min', '6 min', '8 min']);
    expect(ticksOf(40_000)).toEqual(['0', '10 s', '20 s', '30 s', '40 s']);
    expect(ticksOf(67 * 60_000)).toEqual(['0', '30 min', '1 h', '90 min', '2 h']);
    expect(ticksOf(20 * 3_600_000)).toEqual(['0', '6 h', '12 h', '18 h', '1 d']);
    expect(ticksOf(3 * 86_400_000)).toEqual(['0', '1 d', '2 d', '3 d', '4 d']);
  });

  it('never puts the largest value above the axis', () => {
    for (const max of [1, 999, 61_000, 59 * 60_000, 3_600_001, 400 * 86_400_000]) expect(durationAxisMax(max)).toBeGreaterThanOrEqual(max);
  });
});

describe('a line chart with nothing to draw', () => {
  it('says no incident reached it instead of drawing an axis of zeros', () => {
    const svg = String(lines('Time to mitigate per month', ['2026-10', '2026-11'], [{ label: 'median', values: [null, null] }], String));
    expect(svg).toContain('No incident in this period reached it.');
    expect(svg).not.toContain('class="line"');
  });
});
