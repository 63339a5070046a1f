import { sql } from 'kysely';
import type { MessageEntry } from '../incidents/timeline.js';
import type { TimelineEntry } from '../incidents/timeline-entry.js';
import { OPEN_STATES, type TimelineKind } from '../incidents/types.js';
import type { Db } from './database.js';
import { GroupCommit } from './group-commit.js';

export interface SystemEntry {
  kind: Exclude<TimelineKind, 'message'>;
  /** Who did it (a person's user id), if anyone. */
  authorId: string | null;
  text: string;
  occurredAt: Date;
  /** Details for the retrospective, e.g. `{ from: 'sev3', to: 'sev1' }`. */
  data?: Record<string, unknown>;
  /** The bot's post that announced it, so a :pushpin: on that post marks this entry. */
  channelId?: string | null;
  messageTs?: string | null;
}

/** Records something Sitrep did as a typed system entry on the incident's timeline. */
export async function appendSystemEntry(db: Db, incidentNumber: number, entry: SystemEntry): Promise<string> {
  const row = await db
    .insertInto('timeline_entries')
    .values({
      incident_number: incidentNumber,
      kind: entry.kind,
      author_id: entry.authorId,
      text: entry.text,
      occurred_at: entry.occurredAt,
      data: JSON.stringify(entry.data ?? {}),
      files: '[]',
      channel_id: entry.channelId ?? null,
      message_ts: entry.messageTs ?? null,
      thread_ts: null,
      permalink: null,
      edited_at: null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Links a system entry to the message that told people about it, once posted (after the entry was stored). */
export async function setEntryMessage(db: Db, entryId: string, message: { channel: string; ts: string }): Promise<void> {
  await db.updateTable('timeline_entries').set({ channel_id: message.channel, message_ts: message.ts }).where('id', '=', entryId).execute();
}

/** A person's message as stored: the entry plus the author's name at the time, when Slack told us. */
export interface StoredMessage extends MessageEntry {
  authorName: string | null;
  deletedAt?: Date | null;
}

/** A timeline entry as the database holds it, with where it lives in Slack. */
export interface RecordedTimelineEntry extends TimelineEntry {
  channelId: string | null;
  permalink: string | null;
}

// An incident's channel never changes once set, so a cached hit is never stale; a miss asks the
// database (unique index on channel_id), so an incident declared after a miss is found at once.
const incidentChannels = new WeakMap<Db, Map<string, number>>();

/** The number of the incident whose channel this is (open or not), or undefined. */
export async function incidentNumberOfChannel(db: Db, channelId: string): Promise<number | undefined> {
  let known = incidentChannels.get(db);
  if (!known) {
    known = new Map();
    incidentChannels.set(db, known);
  }
  const hit = known.get(channelId);
  if (hit !== undefined) return hit;
  const row = await db.selectFrom('incidents').select('number').where('channel_id', '=', channelId).executeTakeFirst();
  if (row) known.set(channelId, row.number);
  return row?.number;
}

const MESSAGE_COLUMNS = [
  'incident_number',
  'kind',
  'channel_id',
  'message_ts',
  'thread_ts',
  'author_id',
  'text',
  'files',
  'permalink',
  'data',
  'occurred_at',
  'edited_at',
  'deleted_at',
] as const;

/** The entry as a one-row select that yields nothing unless the incident is open: the open check and the write are one statement. */
function whileIncidentOpen(db: Db, incidentNumber: number, message: StoredMessage) {
  return db
    .selectFrom('incidents')
    .select([
      'number as incident_number',
      sql<'message'>`'message'`.as('kind'),
      sql<string>`${message.channelId}::text`.as('channel_id'),
      sql<string>`${message.messageTs}::text`.as('message_ts'),
      sql<string | null>`${message.threadTs}::text`.as('thread_ts'),
      sql<string>`${message.authorId}::text`.as('author_id'),
      sql<string>`${message.text}::text`.as('text'),
      sql<string>`${JSON.stringify(message.files)}::jsonb`.as('files'),
      sql<string>`${message.permalink}::text`.as('permalink'),
      sql<string>`${JSON.stringify(messageData(message))}::jsonb`.as('data'),
      sql<Date>`${message.occurredAt}::timestamptz`.as('occurred_at'),
      sql<Date | null>`${message.editedAt}::timestamptz`.as('edited_at'),
      sql<Date | null>`${message.deletedAt ?? null}::timestamptz`.as('deleted_at'),
    ])
    .where('number', '=', incidentNumber)
    .where('state', 'in', OPEN_STATES)
    .where('declare_abandoned_at', 'is', null);
}

function messageData(message: StoredMessage): Record<string, unknown> {
  return message.authorName ? { authorName: message.authorName } : {};
}

/**
 * Message entries, each for its incident, stored in one statement while their incidents are open;
 * answers which were new. One array per column: the statement is the same whatever the batch size.
 */
async function insertWhileOpen(db: Db, batch: readonly { incidentNumber: number; message: StoredMessage }[]): Promise<boolean[]> {
  const column = <T>(pick: (item: { incidentNumber: number; message: StoredMessage }) => T) => batch.map(pick);
  const { rows: inserted } = await sql<{ channel_id: string; message_ts: string }>`
    insert into timeline_entries (incident_number, kind, channel_id, message_ts, thread_ts, author_id, text, files, permalink, data, occurred_at, edited_at, deleted_at)
    select i.number, 'message', v.channel_id, v.message_ts, v.thread_ts, v.author_id, v.text, v.files::jsonb, v.permalink, v.data::jsonb, v.occurred_at, v.edited_at, v.deleted_at
    from unnest(
      ${column((b) => b.incidentNumber)}::integer[], ${column((b) => b.message.channelId)}::text[], ${column((b) => b.message.messageTs)}::text[],
      ${column((b) => b.message.threadTs)}::text[], ${column((b) => b.message.authorId)}::text[], ${column((b) => b.message.text)}::text[],
      ${column((b) => JSON.stringify(b.message.files))}::text[], ${column((b) => b.message.permalink)}::text[],
      ${column((b) => JSON.stringify(messageData(b.message)))}::text[], ${column((b) => b.message.occurredAt)}::timestamptz[],
      ${column((b) => b.message.editedAt)}::timestamptz[], ${column((b) => b.message.deletedAt ?? null)}::timestamptz[]
    ) as v (incident_number, channel_id, message_ts, thread_ts, author_id, text, files, permalink, data, occurred_at, edited_at, deleted_at)
    join incidents i on i.number = v.incident_number
    where i.state in (${sql.join(OPEN_STATES)}) and i.declare_abandoned_at is null
    on conflict on constraint timeline_entries_message_unique do nothing
    returning channel_id, message_ts`.execute(db);
  const fresh = new Set(inserted.map((r) => `${r.channel_id}/${r.message_ts}`));
  // The same message twice in one batch (a retry racing the original) counts as new once.
  return batch.map(({ message }) => fresh.delete(`${message.channelId}/${message.messageTs}`));
}

// Up to four statements at a time (the pool has ten connections, other work needs some), at most one
// every 20 ms; messages arriving meanwhile wait and go together in the next one. Under a burst like
// bench/load's message events, the 20 ms cut Postgres' CPU per message to a third and the app's by a fifth.
const writers = new WeakMap<Db, GroupCommit<{ incidentNumber: number; message: StoredMessage }, boolean>>();

/**
 * Stores a message while its incident is open. The same message again (a retry, a replay, the
 * same message under another event id) stores nothing: the key is (channel, message ts).
 * True when this call stored it. Messages stored at the same moment share one statement.
 */
export function insertMessageEntry(db: Db, incidentNumber: number, message: StoredMessage): Promise<boolean> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new GroupCommit((batch) => insertWhileOpen(db, batch), { maxBatch: 500, maxConcurrent: 4, minIntervalMs: 20 });
    writers.set(db, writer);
  }
  return writer.submit({ incidentNumber, message });
}

/** Many messages at once (reconciliation) while their incident is open; returns how many were new. */
export async function insertMessageEntries(db: Db, incidentNumber: number, messages: readonly StoredMessage[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < messages.length; start += 500) {
    const results = await insertWhileOpen(db, messages.slice(start, start + 500).map((message) => ({ incidentNumber, message })));
    inserted += results.filter(Boolean).length;
  }
  return inserted;
}

/** Applies an edit to a stored message (an older edit never overwrites a newer one). True when the message was stored. */
export async function markEntryEdited(db: Db, edited: Pick<MessageEntry, 'channelId' | 'messageTs' | 'text' | 'files' | 'editedAt'>): Promise<boolean> {
  const result = await db
    .updateTable('timeline_entries')
    .set({ text: edited.text, files: JSON.stringify(edited.files), edited_at: edited.editedAt ?? new Date() })
    .where('channel_id', '=', edited.channelId)
    .where('message_ts', '=', edited.messageTs)
    .where('kind', '=', 'message')
    .where((eb) => eb.or([eb('edited_at', 'is', null), eb('edited_at', '<=', edited.editedAt ?? new Date())]))
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return true;
  // Zero rows also when a newer edit is already stored: that message is there.
  const stored = await db
    .selectFrom('timeline_entries')
    .select('id')
    .where('channel_id', '=', edited.channelId)
    .where('message_ts', '=', edited.messageTs)
    .executeTakeFirst();
  return stored !== undefined;
}

/**
 * An edit of a message not stored yet (its own event was lost or is still on its way): stores it
 * as edited while the incident is open; if the original lands first, the edit still wins.
 */
export async function upsertEditedEntry(db: Db, incidentNumber: number, message: StoredMessage): Promise<void> {
  await db
    .insertInto('timeline_entries')
    .columns(MESSAGE_COLUMNS)
    .expression(whileIncidentOpen(db, incidentNumber, message))
    .onConflict((oc) =>
      oc
        .constraint('timeline_entries_message_unique')
        .doUpdateSet((eb) => ({ text: eb.ref('excluded.text'), files: eb.ref('excluded.files'), edited_at: eb.ref('excluded.edited_at') }))
        .where('timeline_entries.kind', '=', 'message')
        .where((eb) => eb.or([eb('timeline_entries.edited_at', 'is', null), eb('timeline_entries.edited_at', '<=', eb.ref('excluded.edited_at'))])),
    )
    .execute();
}

/** Hides a stored message (kept for the record). True when the message was stored. */
export async function markEntryDeleted(db: Db, channelId: string, messageTs: string, deletedAt: Date): Promise<boolean> {
  const rows = await db
    .updateTable('timeline_entries')
    .set((eb) => ({ deleted_at: eb.fn.coalesce('deleted_at', sql<Date>`${deletedAt}::timestamptz`) }))
    .where('channel_id', '=', channelId)
    .where('message_ts', '=', messageTs)
    .where('kind', '=', 'message')
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** A deletion of a message not stored yet: keeps a hidden record, so its late original stays hidden. */
export async function insertDeletedEntry(db: Db, incidentNumber: number, message: StoredMessage & { deletedAt: Date }): Promise<void> {
  await db
    .insertInto('timeline_entries')
    .columns(MESSAGE_COLUMNS)
    .expression(whileIncidentOpen(db, incidentNumber, message))
    .onConflict((oc) =>
      oc
        .constraint('timeline_entries_message_unique')
        .doUpdateSet((eb) => ({ deleted_at: eb.fn.coalesce('timeline_entries.deleted_at', eb.ref('excluded.deleted_at')) }))
        .where('timeline_entries.kind', '=', 'message'),
    )
    .execute();
}

/** Marks or unmarks the entry for this Slack message as a key event (a person's message or the bot's post of a system entry). */
export async function setKeyEvent(db: Db, channelId: string, messageTs: string, keyEvent: boolean): Promise<boolean> {
  const rows = await db
    .updateTable('timeline_entries')
    .set({ key_event: keyEvent })
    .where('channel_id', '=', channelId)
    .where('message_ts', '=', messageTs)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** The newest person's message stored for this channel (the bot's own posts do not count: they are not copied from history). */
export async function newestMessageTs(db: Db, channelId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('timeline_entries')
    .select('message_ts')
    .where('channel_id', '=', channelId)
    .where('kind', '=', 'message')
    .orderBy('message_ts', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.message_ts ?? undefined;
}

/** Replies stored (and not deleted) per thread, to skip threads already complete. */
export async function storedReplyCounts(db: Db, channelId: string, threadTs: readonly string[]): Promise<Map<string, number>> {
  if (threadTs.length === 0) return new Map();
  const rows = await db
    .selectFrom('timeline_entries')
    .select(['thread_ts', (eb) => eb.fn.countAll<string>().as('replies')])
    .where('channel_id', '=', channelId)
    .where('kind', '=', 'message')
    .where('deleted_at', 'is', null)
    .where('thread_ts', 'in', [...threadTs])
    .groupBy('thread_ts')
    .execute();
  return new Map(rows.map((r) => [r.thread_ts!, Number(r.replies)]));
}

/** Threads of this channel with a reply stored at or after `since`. */
export async function threadsRepliedSince(db: Db, channelId: string, since: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('timeline_entries')
    .select('thread_ts')
    .distinct()
    .where('channel_id', '=', channelId)
    .where('kind', '=', 'message')
    .where('thread_ts', 'is not', null)
    .where('occurred_at', '>=', since)
    .execute();
  return rows.map((r) => r.thread_ts!);
}

/** Every entry of the incident in time order, hidden (deleted) ones included. */
export async function listTimelineEntries(db: Db, incidentNumber: number): Promise<RecordedTimelineEntry[]> {
  const rows = await db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    authorId: row.author_id,
    text: row.text,
    occurredAt: row.occurred_at,
    messageTs: row.message_ts,
    threadTs: row.thread_ts,
    files: row.files.map((file) => ({ ...(file.id ? { id: file.id } : {}), name: file.name })),
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    keyEvent: row.key_event,
    data: row.data,
    channelId: row.channel_id,
    permalink: row.permalink,
  }));
}
