import { incidentStats } from '../db/stats-store.js';
import type { IncidentStats } from '../incidents/stats.js';
import type { UseCaseContext } from './context.js';

/** Response figures per severity of the incidents declared in the last `days` days. */
export async function statsOverDays(ctx: UseCaseContext, days: number): Promise<IncidentStats> {
  return incidentStats(ctx.db, { days, now: ctx.now() });
}
