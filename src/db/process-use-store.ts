import { sql } from 'kysely';
import { OPEN_STATES } from '../incidents/types.js';
import type { Db } from './database.js';

export interface IncidentUsingUnknownIds {
  number: number;
  /** The severity, when the process no longer has it. */
  severity: string | undefined;
  /** Roles held now that the process no longer has. */
  roles: string[];
}

/**
 * Open incidents (not resolved or closed) using a severity or a held role the process does not have:
 * a process file may not take those away. Closed incidents keep the ids they had.
 */
export async function incidentsUsingUnknownIds(db: Db, severityIds: readonly string[], roleIds: readonly string[]): Promise<IncidentUsingUnknownIds[]> {
  const { rows } = await sql<{ number: number; severity: string; roles: string[] | null }>`
    select i.number, i.severity,
      (select array_agg(distinct ra.role order by ra.role) from role_assignments ra
        where ra.incident_number = i.number and not (ra.role = any(${[...roleIds]}::text[]))) as roles
    from incidents i
    where i.state = any(${[...OPEN_STATES]}::text[]) and i.declare_abandoned_at is null
    order by i.number`.execute(db);
  return rows
    .map((row) => ({ number: row.number, severity: severityIds.includes(row.severity) ? undefined : row.severity, roles: row.roles ?? [] }))
    .filter((row) => row.severity !== undefined || row.roles.length > 0);
}
