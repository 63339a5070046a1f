import type { OpenState } from '../incidents/types.js';
import type { Db } from './database.js';
import type { StatusUpdateRow } from './schema.js';

export interface StatusUpdate {
  id: number;
  incidentNumber: number;
  authorId: string;
  text: string;
  /** The state the update set, if it named one. */
  state: OpenState | null;
  postedAt: Date;
  nextUpdateDueAt: Date;
  /** The post in the incident channel. */
  messageTs: string | null;
  /** The thread reply under the announcement in INCIDENTS_CHANNEL, if any. */
  announcementTs: string | null;
}

export type NewStatusUpdate = Omit<StatusUpdate, 'id' | 'announcementTs'>;

export async function insertStatusUpdate(db: Db, update: NewStatusUpdate): Promise<StatusUpdate> {
  const row = await db
    .insertInto('status_updates')
    .values({
      incident_number: update.incidentNumber,
      author_id: update.authorId,
      text: update.text,
      state: update.state,
      posted_at: update.postedAt,
      next_update_due_at: update.nextUpdateDueAt,
      message_ts: update.messageTs,
      announcement_ts: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStatusUpdate(row);
}

/** Remembers where an update was posted, once posted (after it was stored). */
export async function setStatusUpdateMessages(db: Db, id: number, messages: { messageTs: string; announcementTs: string | undefined }): Promise<void> {
  await db
    .updateTable('status_updates')
    .set({ message_ts: messages.messageTs, ...(messages.announcementTs ? { announcement_ts: messages.announcementTs } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function getStatusUpdate(db: Db, id: number): Promise<StatusUpdate | undefined> {
  const row = await db.selectFrom('status_updates').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStatusUpdate(row) : undefined;
}

export async function latestStatusUpdate(db: Db, incidentNumber: number): Promise<StatusUpdate | undefined> {
  const row = await db
    .selectFrom('status_updates')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .orderBy('posted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStatusUpdate(row) : undefined;
}

export async function countStatusUpdates(db: Db, incidentNumber: number): Promise<number> {
  const row = await db
    .selectFrom('status_updates')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('incident_number', '=', incidentNumber)
    .executeTakeFirstOrThrow();
  // count(*) is a bigint: node-postgres gives it as a string.
  return Number(row.count);
}

function toStatusUpdate(row: StatusUpdateRow): StatusUpdate {
  return {
    id: row.id,
    incidentNumber: row.incident_number,
    authorId: row.author_id,
    text: row.text,
    state: row.state,
    postedAt: row.posted_at,
    nextUpdateDueAt: row.next_update_due_at,
    messageTs: row.message_ts,
    announcementTs: row.announcement_ts,
  };
}

/** Every status update of the incident, oldest first (the retrospective). */
export async function listStatusUpdates(db: Db, incidentNumber: number): Promise<StatusUpdate[]> {
  const rows = await db
    .selectFrom('status_updates')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .orderBy('posted_at')
    .orderBy('id')
    .execute();
  return rows.map(toStatusUpdate);
}
