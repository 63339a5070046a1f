import { sql } from 'kysely';
import type { Incident } from '../incidents/incident.js';
import type { Db } from './database.js';
import { toIncident } from './incident-store.js';
import type { IncidentRow } from './schema.js';

// Postgres' unique_violation.
const UNIQUE_VIOLATION = '23505';

// declare_claimed_until (migration 0002) is read and written only by these claims, in SQL of their own.
// Triage and declined incidents (alerts in) have no declaration to run until someone accepts them.
const CLAIMABLE = sql`declare_step <> 'announced' and declare_abandoned_at is null and state not in ('triage', 'declined')`;

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

/**
 * Serialises declarations of one request key (a slash command's trigger id, a form's view id) until
 * the transaction ends, then says whether it already declared an incident. A repeat therefore waits
 * for the first to commit and finds it, instead of taking an incident number that is then thrown away.
 */
export async function lockRequestKey(trx: Db, requestKey: string): Promise<{ declared: boolean }> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${requestKey}, 0))`.execute(trx);
  const { rows } = await sql<{ declared: boolean }>`select exists (select 1 from incidents where request_key = ${requestKey}) as declared`.execute(trx);
  return { declared: rows[0]?.declared ?? false };
}

/** Whether a request or a sweep is running the incident's declare steps at `now`. */
export async function isDeclarationRunning(db: Db, incidentNumber: number, now: Date): Promise<boolean> {
  const { rows } = await sql<{ running: boolean }>`
    select coalesce(declare_claimed_until > ${now}, false) as running from incidents where number = ${incidentNumber}`.execute(db);
  return rows[0]?.running ?? false;
}
