import { sql } from 'kysely';
import type { Incident } from '../incidents/incident.js';
import type { Db } from './database.js';
import { toIncident } from './incident-store.js';
import type { IncidentRow } from './schema.js';

// Postgres' unique_violation.
const UNIQUE_VIOLATION = '23505';

// declare_claimed_until (migration 0002) stays out of the table types: only these claims read or write it.
const CLAIMABLE = sql`declare_step <> 'announced' and declare_abandoned_at is null`;

/**
 * Claims the declare steps of one incident until `until`, unless someone else's claim is still
 * running. Returns the claimed incident, or undefined when it is finished, abandoned or taken.
 */
export async function claimDeclaration(db: Db, incidentNumber: number, now: Date, until: Date): Promise<Incident | undefined> {
  const { rows } = await sql<IncidentRow>`
    update incidents set declare_claimed_until = ${until}
    where number = ${incidentNumber} and ${CLAIMABLE}
      and (declare_claimed_until is null or declare_claimed_until <= ${now})
    returning *`.execute(db);
  return rows[0] ? toIncident(rows[0]) : undefined;
}

/**
 * Claims the oldest unfinished declaration nobody is running, other than those in `skip` (already
 * tried by this sweep). `skip locked` lets replicas sweeping at the same moment each take a different
 * one; the repeated condition rechecks the row once locked.
 */
export async function claimNextPendingDeclaration(db: Db, now: Date, until: Date, skip: number[]): Promise<Incident | undefined> {
  const { rows } = await sql<IncidentRow>`
    update incidents set declare_claimed_until = ${until}
    where number = (
        select number from incidents
        where ${CLAIMABLE} and (declare_claimed_until is null or declare_claimed_until <= ${now})
          and number <> all(${skip}::integer[])
        order by number limit 1
        for update skip locked)
      and (declare_claimed_until is null or declare_claimed_until <= ${now})
    returning *`.execute(db);
  return rows[0] ? toIncident(rows[0]) : undefined;
}

/** Lets the next sweep continue the declaration at once. */
export async function releaseDeclaration(db: Db, incidentNumber: number): Promise<void> {
  await sql`update incidents set declare_claimed_until = null where number = ${incidentNumber}`.execute(db);
}

/** Reserves a channel name in the unique column; undefined when another incident holds it. */
export async function reserveChannelName(db: Db, incidentNumber: number, name: string): Promise<Incident | undefined> {
  try {
    const row = await db
      .updateTable('incidents')
      .set({ channel_name: name, updated_at: new Date() })
      .where('number', '=', incidentNumber)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIncident(row);
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
    throw error;
  }
}
