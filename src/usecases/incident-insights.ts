import { insightRows } from '../db/incident-read-store.js';
import { type MonthlyTimes, monthlyTimes, type WeeklyCounts, weeklyCounts } from '../incidents/insights.js';
import type { Severity } from '../incidents/types.js';
import { privateIncidentsShown, type ReadContext, type Reader } from './incident-reader.js';

export interface InsightsQuery {
  /** How many months back, this one included. */
  months: number;
  severity?: Severity;
  type?: string;
}

export interface Insights {
  since: Date;
  total: number;
  perWeek: WeeklyCounts;
  perMonth: MonthlyTimes[];
  /** False when the workspace could not say which rooms the reader is in (see PrivateShown). */
  roomsKnown: boolean;
}

/** Incidents per week by severity and times to acknowledge, mitigate and resolve per month, over what this reader may see. */
export async function incidentInsights(ctx: ReadContext, reader: Reader, query: InsightsQuery): Promise<Insights> {
  const now = ctx.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (query.months - 1), 1));
  const filter = { since, severity: query.severity, type: query.type };
  const read = () => insightRows(ctx.db, filter);
  const [rows, shown] = await Promise.all([ctx.insightRows ? ctx.insightRows.rows(JSON.stringify(filter), read) : read(), privateIncidentsShown(ctx, reader)]);
  const shownSet = shown.numbers === 'all' ? undefined : new Set(shown.numbers);
  const visible = rows.filter((r) => !r.private || !shownSet || shownSet.has(r.number));
  return {
    since,
    total: visible.length,
    perWeek: weeklyCounts(visible, ctx.policy.severityIds, since, now),
    perMonth: monthlyTimes(visible, since, now),
    roomsKnown: shown.roomsKnown,
  };
}
