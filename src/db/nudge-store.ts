import { sql } from 'kysely';
import type { RoleHolders } from '../incidents/incident.js';
import { OPEN_STATES, type Severity } from '../incidents/types.js';
import type { Db } from './database.js';

/** The open states as literals, so the planner matches incidents_next_nudge_idx's predicate. */
const openStates = sql.join(OPEN_STATES.map((state) => sql.lit(state)));

/** The error a nudge given up for a gone incident channel is stored with: no more nudges until the next update. */
export const NUDGE_ROOM_GONE = 'room_gone';

export interface LatestNudge {
  id: number;
  dueAt: Date;
  streak: number;
  claimedAt: Date;
  sentAt: Date | null;
  gaveUpAt: Date | null;
  lastError: string | null;
}

/** An open incident whose next update is overdue, with what the sweep needs to decide and to nudge. */
export interface NudgeCandidate {
  incidentNumber: number;
  severity: Severity;
  private: boolean;
  declarerId: string;
  channelId: string;
  announcementTs: string | null;
  lastUpdateAt: Date;
  nextUpdateDueAt: Date;
  /** When the next nudge was stored as due: the sweep's order, and what a reschedule compares against. */
  nextNudgeAt: Date;
  roles: RoleHolders;
  /** The latest nudge since the last status update, whatever became of it. */
  latestNudge: LatestNudge | undefined;
}

interface CandidateRow {
  number: number;
  severity: Severity;
  private: boolean;
  declarer_id: string;
  channel_id: string;
  announcement_ts: string | null;
  last_update_at: Date;
  next_update_due_at: Date;
  next_nudge_at: Date;
  roles: RoleHolders;
  nudge_id: number | null;
  nudge_due_at: Date | null;
  nudge_streak: number | null;
  nudge_claimed_at: Date | null;
  nudge_sent_at: Date | null;
  nudge_gave_up_at: Date | null;
  nudge_last_error: string | null;
}

/** Where a sweep's page of candidates ends: the next page starts after it. */
export interface CandidateCursor {
  nextNudgeAt: Date;
  incidentNumber: number;
}

/**
 * Open, fully declared incidents whose stored next nudge is due, in due order, `limit` at a time
 * after `after`. The nudge policy makes the decision; incidents nudged this window are not read at all.
 */
export async function findNudgeCandidates(db: Db, now: Date, page: { limit: number; after?: CandidateCursor | undefined }): Promise<NudgeCandidate[]> {
  const { rows } = await nudgeCandidatesQuery(now, page).execute(db);
  return rows.map(toCandidate);
}

/**
 * The sweep's query. It reads incidents through incidents_next_nudge_idx (partial index on
 * (next_nudge_at, number) over open, not abandoned incidents owed a nudge some day), so it touches
 * only incidents owed one now, however many are open or overdue; per incident, the latest nudge
 * since the last update comes from the nudges_one_per_window unique index (incident_number, due_at)
 * and the current holder of each role from role_assignments_incident_idx.
 * Timestamps are compared at millisecond precision: what JavaScript wrote and will read back.
 */
export function nudgeCandidatesQuery(now: Date, page: { limit: number; after?: CandidateCursor | undefined }) {
  const after = page.after ? sql`and (i.next_nudge_at, i.number) > (${page.after.nextNudgeAt}::timestamptz, ${page.after.incidentNumber}::integer)` : sql``;
  return sql<CandidateRow>`
    select i.number, i.severity, i.private, i.declarer_id, i.channel_id, i.announcement_ts,
      i.last_update_at, i.next_update_due_at, i.next_nudge_at,
      (select coalesce(json_object_agg(r.role, r.user_id), '{}'::json) from (
        select distinct on (ra.role) ra.role, ra.user_id from role_assignments ra where ra.incident_number = i.number
        order by ra.role, ra.assigned_at desc, ra.id desc) r) as roles,
      n.id as nudge_id, n.due_at as nudge_due_at, n.streak as nudge_streak, n.claimed_at as nudge_claimed_at,
      n.sent_at as nudge_sent_at, n.gave_up_at as nudge_gave_up_at, n.last_error as nudge_last_error
    from incidents i
    left join lateral (
      select * from nudges
      where nudges.incident_number = i.number and nudges.due_at >= date_trunc('milliseconds', i.last_update_at)
      order by nudges.due_at desc
      limit 1
    ) n on true
    where i.state in (${openStates}) and i.declare_abandoned_at is null
      and i.next_nudge_at <= ${now} ${after} and i.channel_id is not null
    order by i.next_nudge_at, i.number
    limit ${page.limit}`;
}

export const isChannelGone = (gaveUpAt: Date | null, lastError: string | null): boolean =>
  gaveUpAt !== null && (lastError?.startsWith(NUDGE_ROOM_GONE) ?? false);

/**
 * Stores a recomputed next nudge, unless the incident's changed since it was read (`expected` is
 * what the sweep read): a change or a claim in between stored its own, newer value.
 */
export async function rescheduleNudge(db: Db, incidentNumber: number, expected: Date, next: Date | null): Promise<void> {
  await sql`
    update incidents set next_nudge_at = ${next}::timestamptz
    where number = ${incidentNumber} and next_nudge_at = ${expected}::timestamptz`.execute(db);
}

function toCandidate(row: CandidateRow): NudgeCandidate {
  return {
    incidentNumber: row.number,
    severity: row.severity,
    private: row.private,
    declarerId: row.declarer_id,
    channelId: row.channel_id,
    announcementTs: row.announcement_ts,
    lastUpdateAt: row.last_update_at,
    nextUpdateDueAt: row.next_update_due_at,
    nextNudgeAt: row.next_nudge_at,
    roles: row.roles,
    latestNudge:
      row.nudge_id === null
        ? undefined
        : {
            id: row.nudge_id,
            dueAt: row.nudge_due_at!,
            streak: row.nudge_streak!,
            claimedAt: row.nudge_claimed_at!,
            sentAt: row.nudge_sent_at,
            gaveUpAt: row.nudge_gave_up_at,
            lastError: row.nudge_last_error,
          },
  };
}

export interface NudgeClaim {
  incidentNumber: number;
  dueAt: Date;
  streak: number;
  claimedBy: string;
  claimedAt: Date;
  /** The last update the decision was made on: a newer one (or resolve) makes the claim fail. */
  lastUpdateAt: Date;
  /** When the nudge after this one is due: stored on the incident with the claim. */
  nextNudgeAt: Date;
}

/**
 * Claims the nudge for one incident and window. The unique (incident_number, due_at) makes this
 * succeed for exactly one replica; the insert also re-checks, in the same statement, that the
 * incident is still open and overdue with no newer update. The claim moves the incident's next
 * nudge a window on (unless an update stored meanwhile set its own). Returns the nudge id, or undefined.
 */
export async function claimNudge(db: Db, claim: NudgeClaim): Promise<number | undefined> {
  const { rows } = await sql<{ id: number }>`
    with claimed as (
      insert into nudges (incident_number, due_at, streak, claimed_by, claimed_at)
      select number, ${claim.dueAt}::timestamptz, ${claim.streak}::integer, ${claim.claimedBy}::text, ${claim.claimedAt}::timestamptz
      from incidents
      where number = ${claim.incidentNumber} and state in (${openStates}) and declare_abandoned_at is null
        and next_update_due_at <= ${claim.claimedAt} and date_trunc('milliseconds', last_update_at) <= ${claim.lastUpdateAt}
      on conflict (incident_number, due_at) do nothing
      returning id, incident_number
    ), moved as (
      update incidents set next_nudge_at = ${claim.nextNudgeAt}::timestamptz
      from claimed
      where incidents.number = claimed.incident_number and date_trunc('milliseconds', incidents.last_update_at) <= ${claim.lastUpdateAt}
    )
    select id from claimed`.execute(db);
  return rows[0]?.id;
}

export async function markNudgeSent(db: Db, id: number, sent: { messageTs: string; sentAt: Date }): Promise<void> {
  await db.updateTable('nudges').set({ sent_at: sent.sentAt, message_ts: sent.messageTs, last_error: null }).where('id', '=', id).execute();
}

/**
 * Records a failed post. Under `maxAttempts` failures the claim is released (a set last_error)
 * so the next sweep on any replica retries it at once; at `maxAttempts` the nudge is given up,
 * in the same statement so no replica can take it in between. Returns whether it was given up.
 */
export async function recordNudgeFailure(db: Db, id: number, failure: { error: string; at: Date; maxAttempts: number }): Promise<{ gaveUp: boolean }> {
  const { rows } = await sql<{ gave_up: boolean }>`
    update nudges set attempts = attempts + 1, last_error = ${failure.error},
      gave_up_at = case when attempts + 1 >= ${failure.maxAttempts} then ${failure.at}::timestamptz end
    where id = ${id}
    returning gave_up_at is not null as gave_up`.execute(db);
  return { gaveUp: rows[0]?.gave_up ?? true };
}

/** Stops a nudge for good (its channel is gone, or it is no longer wanted). */
export async function giveUpNudge(db: Db, id: number, reason: string, at: Date): Promise<void> {
  await db
    .updateTable('nudges')
    .set({ gave_up_at: at, last_error: reason })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where('gave_up_at', 'is', null)
    .execute();
}

/**
 * Gives a nudge up because the incident channel is archived or gone, and stops nudging the incident
 * until its next status update (one stored since the nudge's window keeps its own schedule).
 */
export async function giveUpNudgeChannelGone(db: Db, id: number, code: string, at: Date): Promise<void> {
  await sql`
    with given_up as (
      update nudges set gave_up_at = ${at}::timestamptz, last_error = ${`${NUDGE_ROOM_GONE}: ${code}`}
      where id = ${id} and sent_at is null and gave_up_at is null
      returning incident_number, due_at
    )
    update incidents set next_nudge_at = null
    from given_up
    where incidents.number = given_up.incident_number and date_trunc('milliseconds', incidents.last_update_at) <= given_up.due_at`.execute(db);
}

export interface UnsentNudge {
  id: number;
  incidentNumber: number;
  severity: Severity;
  dueAt: Date;
  streak: number;
  attempts: number;
  /** Still worth sending: the incident is open, not updated since, and no later nudge replaced it. */
  stillWanted: boolean;
}

/**
 * Nudges claimed by an earlier sweep and not sent: their post failed (claim released) or their
 * claimer stopped before finishing (lease expired). Reads the nudges_unsent_idx partial index.
 */
export async function findUnsentNudges(db: Db, now: Date, leaseMs: number): Promise<UnsentNudge[]> {
  const leaseStart = new Date(now.getTime() - leaseMs);
  const { rows } = await sql<{ id: number; incident_number: number; severity: Severity; due_at: Date; streak: number; attempts: number; still_wanted: boolean }>`
    select n.id, n.incident_number, i.severity, n.due_at, n.streak, n.attempts,
      (i.state in (${openStates}) and i.declare_abandoned_at is null and i.channel_id is not null
        and n.due_at >= date_trunc('milliseconds', i.last_update_at)
        and not exists (select 1 from nudges later where later.incident_number = n.incident_number and later.due_at > n.due_at)
      ) as still_wanted
    from nudges n
    join incidents i on i.number = n.incident_number
    where n.sent_at is null and n.gave_up_at is null and (n.last_error is not null or n.claimed_at < ${leaseStart})
    order by n.claimed_at`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    incidentNumber: r.incident_number,
    severity: r.severity,
    dueAt: r.due_at,
    streak: r.streak,
    attempts: r.attempts,
    stillWanted: r.still_wanted,
  }));
}

/**
 * Takes over an unsent nudge for a retry. The row lock and the re-checked condition let one
 * replica win; a claim still leased to a replica mid-post is left alone, so no retry is doubled.
 */
export async function reclaimNudge(db: Db, id: number, claimedBy: string, now: Date, leaseMs: number): Promise<boolean> {
  const leaseStart = new Date(now.getTime() - leaseMs);
  const row = await db
    .updateTable('nudges')
    .set({ claimed_by: claimedBy, claimed_at: now, last_error: null })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .where('gave_up_at', 'is', null)
    .where((eb) => eb.or([eb('last_error', 'is not', null), eb('claimed_at', '<', leaseStart)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** How many nudges were posted for the incident (claimed but never sent ones do not count). */
export async function countSentNudges(db: Db, incidentNumber: number): Promise<number> {
  const row = await db
    .selectFrom('nudges')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('incident_number', '=', incidentNumber)
    .where('sent_at', 'is not', null)
    .executeTakeFirstOrThrow();
  // count(*) is a bigint: node-postgres gives it as a string.
  return Number(row.count);
}
