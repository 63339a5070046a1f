import type { Followup, FollowupState } from '../incidents/followup.js';
import type { Db } from './database.js';

export interface NewFollowup {
  incidentNumber: number;
  text: string;
  ownerId: string;
  dueDate: string | null;
  createdBy: string;
  createdAt: Date;
  sourceLink: string | null;
}

/** Stores a follow-up with the incident's next number; call with the incident locked (numbers are per incident). */
export async function insertFollowup(trx: Db, f: NewFollowup): Promise<Followup> {
  const { max } = await trx
    .selectFrom('followups')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('incident_number', '=', f.incidentNumber)
    .executeTakeFirstOrThrow();
  const row = await trx
    .insertInto('followups')
    .values({
      incident_number: f.incidentNumber,
      seq: Number(max ?? 0) + 1,
      text: f.text,
      owner_id: f.ownerId,
      due_date: f.dueDate,
      created_by: f.createdBy,
      created_at: f.createdAt,
      source_link: f.sourceLink,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFollowup(row);
}

export async function getFollowup(db: Db, incidentNumber: number, seq: number): Promise<Followup | undefined> {
  const row = await db.selectFrom('followups').selectAll().where('incident_number', '=', incidentNumber).where('seq', '=', seq).executeTakeFirst();
  return row ? toFollowup(row) : undefined;
}

export async function followupsOf(db: Db, incidentNumber: number): Promise<Followup[]> {
  const rows = await db.selectFrom('followups').selectAll().where('incident_number', '=', incidentNumber).orderBy('seq').execute();
  return rows.map(toFollowup);
}

/** One person's follow-ups across incidents; `openOnly` for the Home and reminders. */
export async function followupsOwnedBy(db: Db, ownerId: string, openOnly: boolean): Promise<Followup[]> {
  let query = db.selectFrom('followups').selectAll().where('owner_id', '=', ownerId);
  if (openOnly) query = query.where('state', '=', 'open');
  const rows = await query.orderBy('incident_number').orderBy('seq').execute();
  return rows.map(toFollowup);
}

/** Open follow-ups due before `today`, every owner's. */
export async function overdueFollowups(db: Db, today: string): Promise<Followup[]> {
  const rows = await db
    .selectFrom('followups')
    .selectAll()
    .where('state', '=', 'open')
    .where('due_date', 'is not', null)
    .where('due_date', '<', today)
    .orderBy('owner_id')
    .orderBy('due_date')
    .orderBy('incident_number')
    .orderBy('seq')
    .execute();
  return rows.map(toFollowup);
}

/** Moves a follow-up to a state; undefined when it already was in it (a repeated click changes nothing). */
export async function setFollowupState(trx: Db, incidentNumber: number, seq: number, state: FollowupState, by: string, at: Date): Promise<Followup | undefined> {
  const row = await trx
    .updateTable('followups')
    .set({ state, changed_by: by, changed_at: at })
    .where('incident_number', '=', incidentNumber)
    .where('seq', '=', seq)
    .where('state', '<>', state)
    .returningAll()
    .executeTakeFirst();
  return row ? toFollowup(row) : undefined;
}

export async function setFollowupMessage(db: Db, incidentNumber: number, seq: number, messageTs: string): Promise<void> {
  await db.updateTable('followups').set({ message_ts: messageTs }).where('incident_number', '=', incidentNumber).where('seq', '=', seq).execute();
}

export async function setFollowupTracker(db: Db, incidentNumber: number, seq: number, tracker: { ref: string; url: string }): Promise<void> {
  await db
    .updateTable('followups')
    .set({ tracker_ref: tracker.ref, tracker_url: tracker.url })
    .where('incident_number', '=', incidentNumber)
    .where('seq', '=', seq)
    .execute();
}

export async function findFollowupByTrackerRef(db: Db, ref: string): Promise<Followup | undefined> {
  const row = await db.selectFrom('followups').selectAll().where('tracker_ref', '=', ref).executeTakeFirst();
  return row ? toFollowup(row) : undefined;
}

/** Claims one reminder (kind, subject, run); true for exactly one caller across replicas. */
export async function claimReminder(db: Db, kind: string, subject: string, runKey: string, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('reminder_claims')
    .values({ kind, subject, run_key: runKey, claimed_at: now })
    .onConflict((oc) => oc.columns(['kind', 'subject', 'run_key']).doNothing())
    .returning('subject')
    .executeTakeFirst();
  return result !== undefined;
}

/** Lets a reminder that could not be sent be tried again on a later pass. */
export async function releaseReminder(db: Db, kind: string, subject: string, runKey: string): Promise<void> {
  await db.deleteFrom('reminder_claims').where('kind', '=', kind).where('subject', '=', subject).where('run_key', '=', runKey).execute();
}

type Row = {
  incident_number: number;
  seq: number;
  text: string;
  owner_id: string;
  due_date: string | null;
  state: FollowupState;
  created_by: string;
  created_at: Date;
  source_link: string | null;
  tracker_url: string | null;
  message_ts: string | null;
  changed_by: string | null;
  changed_at: Date | null;
};

function toFollowup(row: Row): Followup {
  return {
    incidentNumber: row.incident_number,
    seq: row.seq,
    text: row.text,
    ownerId: row.owner_id,
    dueDate: row.due_date,
    state: row.state,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    sourceLink: row.source_link,
    trackerUrl: row.tracker_url,
    messageTs: row.message_ts,
    changedBy: row.changed_by,
    changedAt: row.changed_at ? new Date(row.changed_at) : null,
  };
}


/** Incidents resolved before `before` and still not closed: their retrospective is due. */
export async function resolvedNotClosedBefore(db: Db, before: Date): Promise<{ number: number; resolvedAt: Date }[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(['number', 'resolved_at'])
    .where('state', '=', 'resolved')
    .where('resolved_at', '<', before)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number, resolvedAt: new Date(r.resolved_at!) }));
}
