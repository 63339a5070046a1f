import { type RawBuilder, sql } from 'kysely';
import type { IncidentStats, SeverityStats } from '../incidents/stats.js';
import type { Severity } from '../incidents/types.js';
import type { Db } from './database.js';

interface StatsRow {
  severity: Severity | null;
  count: number;
  resolved: number;
  median_resolve_ms: number | null;
  p90_resolve_ms: number | null;
  median_first_update_ms: number | null;
  median_acknowledge_ms: number | null;
}

const milliseconds = (interval: RawBuilder<unknown>) => sql<number>`extract(epoch from ${interval})::float8 * 1000`;

/**
 * Count, median and p90 time to resolve and median time to first update per severity (as it is
 * now), of incidents declared in the last `days` days. One aggregate query: grouping sets give
 * each severity and the total at once; percentile_cont skips the nulls of incidents not resolved
 * or never updated; the first update per incident comes from the (incident_number, posted_at) index.
 */
export async function incidentStats(db: Db, options: { days: number; now: Date }): Promise<IncidentStats> {
  const since = new Date(options.now.getTime() - options.days * 86_400_000);
  const timeToResolve = milliseconds(sql`i.resolved_at - i.declared_at`);
  const timeToFirstUpdate = milliseconds(sql`first_update.posted_at - i.declared_at`);
  const timeToAcknowledge = milliseconds(sql`i.acknowledged_at - i.declared_at`);
  const { rows } = await sql<StatsRow>`
    select
      i.severity,
      count(*)::int as count,
      count(i.resolved_at)::int as resolved,
      percentile_cont(0.5) within group (order by ${timeToResolve}) as median_resolve_ms,
      percentile_cont(0.9) within group (order by ${timeToResolve}) as p90_resolve_ms,
      percentile_cont(0.5) within group (order by ${timeToFirstUpdate}) as median_first_update_ms,
      percentile_cont(0.5) within group (order by ${timeToAcknowledge}) as median_acknowledge_ms
    from incidents i
    left join lateral (
      select min(su.posted_at) as posted_at from status_updates su where su.incident_number = i.number
    ) first_update on true
    where i.declared_at > ${since}
      and i.declared_at <= ${options.now}
      and i.declare_abandoned_at is null
      and i.state not in ('triage', 'declined')
    group by grouping sets ((i.severity), ())`.execute(db);

  const bySeverity: IncidentStats['bySeverity'] = {};
  // The empty grouping set always yields the total row, even over no incidents.
  let total = toStats(undefined);
  for (const row of rows) {
    if (row.severity === null) total = toStats(row);
    else bySeverity[row.severity] = toStats(row);
  }
  return { days: options.days, bySeverity, total };
}

function toStats(row: StatsRow | undefined): SeverityStats {
  return {
    count: row?.count ?? 0,
    resolved: row?.resolved ?? 0,
    medianTimeToResolveMs: row?.median_resolve_ms ?? null,
    p90TimeToResolveMs: row?.p90_resolve_ms ?? null,
    medianTimeToFirstUpdateMs: row?.median_first_update_ms ?? null,
    medianTimeToAcknowledgeMs: row?.median_acknowledge_ms ?? null,
  };
}
