import { describe, expect, it } from 'vitest';
import { monthlyTimes, percentile, weeklyCounts } from '../../src/incidents/insights.js';

const at = (iso: string) => new Date(iso);
const incident = (declared: string, minutesToResolve: number | null, severity = 'sev2') => ({
  severity,
  declaredAt: at(declared),
  firstUpdateAt: new Date(at(declared).getTime() + 60_000),
  mitigatedAt: null,
  resolvedAt: minutesToResolve === null ? null : new Date(at(declared).getTime() + minutesToResolve * 60_000),
});

describe('Insights', () => {
  it('count incidents per Monday-started week by severity, empty weeks included', () => {
    const counts = weeklyCounts([incident('2026-11-03T10:00:00Z', 5), incident('2026-11-05T10:00:00Z', 5, 'sev1'), incident('2026-11-18T10:00:00Z', 5)], ['sev1', 'sev2'], at('2026-11-01T00:00:00Z'), at('2026-11-20T00:00:00Z'));
    expect(counts.weeks).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(counts.bySeverity).toEqual({ sev1: [0, 1, 0, 0], sev2: [0, 1, 0, 1] });
  });

  it('give median and p90 per month as Postgres percentile_cont does, unresolved left out', () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40], 0.9)).toBeCloseTo(37);
    const months = monthlyTimes([incident('2026-10-03T10:00:00Z', 10), incident('2026-10-04T10:00:00Z', 30), incident('2026-10-05T10:00:00Z', null)], at('2026-10-01T00:00:00Z'), at('2026-11-20T00:00:00Z'));
    expect(months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    expect(months[0]!.resolve).toEqual({ count: 2, medianMs: 20 * 60_000, p90Ms: 28 * 60_000 });
    expect(months[0]!.acknowledge.count).toBe(3);
    expect(months[1]!.resolve).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });
});
