import { OPEN_STATES, type OpenState, type Severity } from '../incidents/types.js';
import type { Db } from './database.js';

export interface OpenIncidentCount {
  severity: Severity;
  state: OpenState;
  count: number;
}

/** Open incidents per severity and state, abandoned declarations left out: one grouped count. */
export async function countOpenIncidents(db: Db): Promise<OpenIncidentCount[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(['severity', 'state', (eb) => eb.fn.countAll<string>().as('count')])
    .where('state', 'in', [...OPEN_STATES])
    .where('declare_abandoned_at', 'is', null)
    .groupBy(['severity', 'state'])
    .execute();
  return rows.map((row) => ({ severity: row.severity, state: row.state as OpenState, count: Number(row.count) }));
}
