import { sql } from 'kysely';
import type { Db } from './database.js';
import { type RecordedTimelineEntry, toRecordedEntry } from './timeline-store.js';

/** Where a window of the timeline starts: after one entry, before one, or at the very start or end. */
export type TimelineCursor = { after: string } | { before: string } | { at: 'start' | 'end' };

export interface TimelineWindow {
  /** In stored order (time, then id), deleted entries left out. */
  entries: RecordedTimelineEntry[];
  hasEarlier: boolean;
  hasLater: boolean;
}

const ENTRY_ID = /^\d{1,18}$/;

/**
 * At most `limit` entries of an incident next to the cursor, in the stored order, read through
 * timeline_entries_incident_idx (keyset, not offset: the 400th window costs what the first does).
 * A cursor that is not one of this incident's entries reads from the start.
 */
export async function timelineWindow(db: Db, incidentNumber: number, cursor: TimelineCursor, limit: number): Promise<TimelineWindow> {
  const id = 'after' in cursor ? cursor.after : 'before' in cursor ? cursor.before : undefined;
  if (id !== undefined) {
    const known = ENTRY_ID.test(id) && (await db.selectFrom('timeline_entries').select('id').where('id', '=', id).where('incident_number', '=', incidentNumber).executeTakeFirst());
    if (!known) return timelineWindow(db, incidentNumber, { at: 'start' }, limit);
  }
  const forward = 'after' in cursor || ('at' in cursor && cursor.at === 'start');
  let query = db.selectFrom('timeline_entries').selectAll().where('incident_number', '=', incidentNumber).where('deleted_at', 'is', null);
  if (id !== undefined) {
    const key = sql`(select occurred_at, id from timeline_entries where id = ${id})`;
    query = query.where(forward ? sql<boolean>`(occurred_at, id) > ${key}` : sql<boolean>`(occurred_at, id) < ${key}`);
  }
  const rows = await query
    .orderBy('occurred_at', forward ? 'asc' : 'desc')
    .orderBy('id', forward ? 'asc' : 'desc')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).map(toRecordedEntry);
  if (!forward) entries.reverse();
  return forward ? { entries, hasEarlier: id !== undefined, hasLater: more } : { entries, hasEarlier: more, hasLater: id !== undefined };
}

/** The replies (not deleted) of these threads, by channel and the ts of the message that started each. */
export async function threadReplies(db: Db, incidentNumber: number, threads: readonly { channelId: string; ts: string }[]): Promise<RecordedTimelineEntry[]> {
  if (threads.length === 0) return [];
  // One array per channel (a window's threads are in one or two), not a pair of parameters per thread.
  const byChannel = new Map<string, string[]>();
  for (const t of threads) byChannel.set(t.channelId, [...(byChannel.get(t.channelId) ?? []), t.ts]);
  const rows = await db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([...byChannel].map(([channelId, ts]) => eb.and([eb('channel_id', '=', channelId), eb('thread_ts', '=', sql<string>`any(${ts}::text[])`)]))))
    .where((eb) => eb('message_ts', '!=', eb.ref('thread_ts')))
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map(toRecordedEntry);
}

/** Which of these messages are on the incident's timeline (not deleted), as `channel:ts`. */
export async function storedMessages(db: Db, incidentNumber: number, messages: readonly { channelId: string; ts: string }[]): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  const rows = await db
    .selectFrom('timeline_entries')
    .select(['channel_id', 'message_ts'])
    .where('incident_number', '=', incidentNumber)
    .where('deleted_at', 'is', null)
    .where((eb) => eb(eb.refTuple('channel_id', 'message_ts'), 'in', messages.map((m) => eb.tuple(m.channelId, m.ts))))
    .execute();
  return new Set(rows.map((r) => `${r.channel_id}:${r.message_ts}`));
}

/** The incident's key events (not deleted), in time order, at most `limit` of them. */
export async function keyEvents(db: Db, incidentNumber: number, limit: number): Promise<RecordedTimelineEntry[]> {
  const rows = await db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .where('key_event', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('occurred_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRecordedEntry);
}
