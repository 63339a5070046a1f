import type { Severity } from './types.js';

/** What one incident adds to the insights. */
export interface InsightIncident {
  severity: Severity;
  declaredAt: Date;
  /** First status update: the incident was acknowledged. */
  firstUpdateAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

export interface WeeklyCounts {
  /** Monday (UTC) of each week, oldest first, as YYYY-MM-DD. */
  weeks: string[];
  /** Per severity id, one count per week. */
  bySeverity: Record<Severity, number[]>;
}

export interface Spread {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface MonthlyTimes {
  /** YYYY-MM (UTC). */
  month: string;
  acknowledge: Spread;
  mitigate: Spread;
  resolve: Spread;
}

const DAY_MS = 86_400_000;

function mondayOf(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const isoMonth = (date: Date) => date.toISOString().slice(0, 7);

/** Incidents declared per week by severity, over the weeks from `since` to `now`, empty weeks included. */
export function weeklyCounts(incidents: readonly InsightIncident[], severityIds: readonly Severity[], since: Date, now: Date): WeeklyCounts {
  const weeks: string[] = [];
  for (let week = mondayOf(since); week <= now; week = new Date(week.getTime() + 7 * DAY_MS)) weeks.push(isoDay(week));
  const first = mondayOf(since).getTime();
  const bySeverity: Record<Severity, number[]> = {};
  for (const id of severityIds) bySeverity[id] = weeks.map(() => 0);
  for (const incident of incidents) {
    // Weeks counted from the first Monday: no date text per incident (thousands of them per page).
    const i = Math.floor((incident.declaredAt.getTime() - first) / (7 * DAY_MS));
    if (i < 0 || i >= weeks.length) continue;
    // A severity the process no longer has still counts, under its own id.
    (bySeverity[incident.severity] ??= weeks.map(() => 0))[i]! += 1;
  }
  return { weeks, bySeverity };
}

/** The p-th percentile with linear interpolation between neighbours (as Postgres' percentile_cont). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function spread(durations: number[]): Spread {
  const sorted = durations.filter((d) => d >= 0).sort((a, b) => a - b);
  return { count: sorted.length, medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) };
}

/** Median and p90 time from declaration to acknowledge, mitigate and resolve, per month declared. */
export function monthlyTimes(incidents: readonly InsightIncident[], since: Date, now: Date): MonthlyTimes[] {
  const months: string[] = [];
  for (let m = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1)); m <= now; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    months.push(isoMonth(m));
  }
  const since0 = (at: Date | null, i: InsightIncident) => (at ? at.getTime() - i.declaredAt.getTime() : undefined);
  // Grouped in one pass, not one pass per month.
  const byMonth = new Map<string, InsightIncident[]>(months.map((m) => [m, []]));
  for (const incident of incidents) byMonth.get(isoMonth(incident.declaredAt))?.push(incident);
  return months.map((month) => {
    const of = byMonth.get(month)!;
    const times = (pick: (i: InsightIncident) => number | undefined) => spread(of.map(pick).filter((d): d is number => d !== undefined));
    return {
      month,
      acknowledge: times((i) => since0(i.firstUpdateAt, i)),
      mitigate: times((i) => since0(i.mitigatedAt, i)),
      resolve: times((i) => since0(i.resolvedAt, i)),
    };
  });
}
