import { type Selectable, sql } from 'kysely';
import type { MessageEntry } from '../incidents/timeline.js';
import type { TimelineEntry } from '../incidents/timeline-entry.js';
import { OPEN_STATES, type TimelineKind } from '../incidents/types.js';
import type { Db } from './database.js';
import type { TimelineEntriesTable } from './schema.js';

export interface SystemEntry {
  kind: Exclude<TimelineKind, 'message'>;
  /** Who did it (a person's user id), if anyone. */
  authorId: string | null;
  text: string;
  occurredAt: Date;
  /** Details for the retrospective, e.g. the severity ids `{ from, to }` of a severity change. */
  data?: Record<string, unknown>;
  /** The bot's post that announced it, so a :pushpin: on that post marks this entry. */
  channelId?: string | null;
  messageTs?: string | null;
}

/** Records something Sitrep did as a typed system entry on the incident's timeline. */
export async function appendSystemEntry(db: Db, incidentNumber: number, entry: SystemEntry): Promise<string> {
  const row = await db.insertInto('timeline_entries').values(systemEntryRow(incidentNumber, entry)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Records several system entries in one statement (alert events of one notification). */
export async function appendSystemEntries(db: Db, incidentNumber: number, entries: readonly SystemEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('timeline_entries').values(entries.map((entry) => systemEntryRow(incidentNumber, entry))).execute();
}

function systemEntryRow(incidentNumber: number, entry: SystemEntry) {
  return {
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
  };
}

/** Links a system entry to the message that told people about it, once posted (after the entry was stored). */
export async function setEntryMessage(db: Db, entryId: string, message: { channel: string; ts: string }): Promise<void> {
  await db.updateTable('timeline_entries').set({ channel_id: message.channel, message_ts: message.ts }).where('id', '=', entryId).execute();
}

/** A person's message as stored: the entry plus the author's name at the time, when Slack told us. */
export interface StoredMessage extends MessageEntry {
  authorName: string | null;
}

/** A timeline entry as the database holds it, with where it lives in Slack. */
export interface RecordedTimelineEntry extends TimelineEntry {
  channelId: string | null;
  permalink: string | null;
}

/** The number of the incident whose channel this is (open or not), or undefined. */
export async function incidentNumberOfChannel(db: Db, channelId: string): Promise<number | undefined> {
  const row = await db.selectFrom('incidents').select('number').where('channel_id', '=', channelId).executeTakeFirst();
  return row?.number;
}

/**
 * One state of a message to write: its content as of `versionTs` and/or its deletion. Content
 * without a deletion is a message or an edit; a deletion without content is a deletion that came
 * before its message (the message fills in the text when it arrives, and stays hidden).
 */
export interface MessageState {
  incidentNumber: number;
  channelId: string;
  messageTs: string;
  content: StoredMessage | undefined;
  deletedAt: Date | null;
}

/** How stored content gives way: to a later Slack version only, or also to history's later edit. */
export type ContentRule = 'later_version' | 'later_version_or_history_edit';

export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

const key = (state: Pick<MessageState, 'channelId' | 'messageTs'>) => `${state.channelId}/${state.messageTs}`;

/**
 * Writes message states, each applied only over an older state of the same message, so the
 * order in which events reach the database (or which replica writes them) does not matter: a
 * message's content is that of its latest version (`version_ts`), a deletion is never undone.
 * A new row needs its incident open; an existing row takes changes whatever the incident's state.
 * One statement per round of distinct messages (one array per column: the same statement whatever the size).
 */
export async function writeMessageStates(db: Db, states: readonly MessageState[], rule: ContentRule = 'later_version'): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array<WriteOutcome>(states.length);
  let pending = states.map((state, index) => ({ state, index }));
  // Postgres updates a row once per statement: the same message twice goes in the next round.
  while (pending.length > 0) {
    const seen = new Set<string>();
    const round: typeof pending = [];
    const later: typeof pending = [];
    for (const item of pending) {
      if (seen.has(key(item.state))) later.push(item);
      else {
        seen.add(key(item.state));
        round.push(item);
      }
    }
    // Rows in one order in every statement: two batches at once never wait on each other in a cycle.
    round.sort((a, b) => (key(a.state) < key(b.state) ? -1 : key(a.state) > key(b.state) ? 1 : 0));
    const written = await writeRound(db, round.map((item) => item.state), rule);
    round.forEach((item, i) => (outcomes[item.index] = written[i]!));
    pending = later;
  }
  return outcomes;
}

async function writeRound(db: Db, states: readonly MessageState[], rule: ContentRule): Promise<WriteOutcome[]> {
  const column = <T>(pick: (state: MessageState) => T) => states.map(pick);
  const content = <T>(pick: (message: StoredMessage) => T) => states.map((s) => (s.content ? pick(s.content) : null));
  // Every expression below reads the row as it was before this statement (Postgres' rule for SET).
  const laterVersion = sql`(t.version_ts is null or t.version_ts < excluded.version_ts)`;
  const historyEdit = sql`(excluded.edited_at is not null and (t.edited_at is null or t.edited_at <= excluded.edited_at)
    and (t.text is distinct from excluded.text or t.files is distinct from excluded.files))`;
  const takesContent = rule === 'later_version' ? laterVersion : sql`(${laterVersion} or ${historyEdit})`;
  const fromExcluded = (name: string) => sql`${sql.raw(name)} = case when ${takesContent} then excluded.${sql.raw(name)} else t.${sql.raw(name)} end`;
  const { rows } = await sql<{ channel_id: string; message_ts: string; inserted: boolean }>`
    insert into timeline_entries as t (incident_number, kind, channel_id, message_ts, thread_ts, author_id, text, files, permalink, data, occurred_at, edited_at, deleted_at, version_ts)
    select i.number, 'message', v.channel_id, v.message_ts, v.thread_ts, v.author_id, coalesce(v.text, ''), coalesce(v.files, '[]')::jsonb,
      v.permalink, coalesce(v.data, '{}')::jsonb, coalesce(v.occurred_at, to_timestamp(v.message_ts::numeric)), v.edited_at, v.deleted_at, v.version_ts::numeric
    from unnest(
      ${column((s) => s.incidentNumber)}::integer[], ${column((s) => s.channelId)}::text[], ${column((s) => s.messageTs)}::text[],
      ${content((m) => m.threadTs)}::text[], ${content((m) => m.authorId)}::text[], ${content((m) => m.text)}::text[],
      ${content((m) => JSON.stringify(m.files))}::text[], ${content((m) => m.permalink)}::text[],
      ${content((m) => JSON.stringify(messageData(m)))}::text[], ${content((m) => m.occurredAt)}::timestamptz[],
      ${content((m) => m.editedAt)}::timestamptz[], ${column((s) => s.deletedAt)}::timestamptz[], ${content((m) => m.versionTs)}::text[]
    ) as v (incident_number, channel_id, message_ts, thread_ts, author_id, text, files, permalink, data, occurred_at, edited_at, deleted_at, version_ts)
    join incidents i on i.number = v.incident_number
    where (i.state in (${sql.join(OPEN_STATES)}) and i.declare_abandoned_at is null)
      or exists (select 1 from timeline_entries e where e.channel_id = v.channel_id and e.message_ts = v.message_ts)
    on conflict on constraint timeline_entries_message_unique do update set
      ${fromExcluded('text')}, ${fromExcluded('files')}, ${fromExcluded('edited_at')},
      thread_ts = coalesce(t.thread_ts, excluded.thread_ts), author_id = coalesce(t.author_id, excluded.author_id),
      permalink = coalesce(t.permalink, excluded.permalink),
      data = case when t.data = '{}'::jsonb then excluded.data else t.data end,
      version_ts = greatest(t.version_ts, excluded.version_ts),
      deleted_at = coalesce(t.deleted_at, excluded.deleted_at)
    where t.kind = 'message' and (${takesContent} or (t.deleted_at is null and excluded.deleted_at is not null))
    returning channel_id, message_ts, (xmax = 0) as inserted`.execute(db);
  const written = new Map(rows.map((r) => [`${r.channel_id}/${r.message_ts}`, r.inserted ? ('inserted' as const) : ('updated' as const)]));
  return states.map((state) => written.get(key(state)) ?? 'unchanged');
}

function messageData(message: StoredMessage): Record<string, unknown> {
  return message.authorName ? { authorName: message.authorName } : {};
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

/** When the newest person's message stored for this channel was said (the bot's own posts do not count: they are not copied from history). */
export async function newestMessageAt(db: Db, channelId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('timeline_entries')
    .select('occurred_at')
    .where('channel_id', '=', channelId)
    .where('kind', '=', 'message')
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.occurred_at;
}

/**
 * Claims the channel's history read for this reconciliation run: true for the one replica that
 * gets it; another replica within `leaseMs` of the claim skips the channel.
 */
export async function claimChannelReconcile(db: Db, channelId: string, claimedBy: string, now: Date, leaseMs: number): Promise<boolean> {
  const row = await db
    .insertInto('timeline_reconcile_claims')
    .values({ channel_id: channelId, claimed_by: claimedBy, claimed_at: now })
    .onConflict((oc) =>
      oc
        .column('channel_id')
        .doUpdateSet({ claimed_by: claimedBy, claimed_at: now })
        .where('timeline_reconcile_claims.claimed_at', '<=', new Date(now.getTime() - leaseMs)),
    )
    .returning('channel_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives a claim back (the read failed), so the next run of any replica retries the channel. */
export async function releaseChannelReconcile(db: Db, channelId: string, claimedBy: string): Promise<void> {
  await db.deleteFrom('timeline_reconcile_claims').where('channel_id', '=', channelId).where('claimed_by', '=', claimedBy).execute();
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
  return rows.map(toRecordedEntry);
}

/** A stored row as the entry it records. */
export function toRecordedEntry(row: Selectable<TimelineEntriesTable>): RecordedTimelineEntry {
  return {
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
  };
}

/** Whether the effect with this id already put its rule's entry on the timeline (its work is done). */
export async function ruleEntryOfEffect(db: Db, incidentNumber: number, effectId: string): Promise<boolean> {
  return (await entryOfEffect(db, incidentNumber, 'rule_ran', effectId)) !== undefined;
}

/** The id of the entry of this kind an effect's run stored (its `data.effectId`), if one did: a retry finds it rather than adding another. */
export async function entryOfEffect(db: Db, incidentNumber: number, kind: Exclude<TimelineKind, 'message'>, effectId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('timeline_entries')
    .select('id')
    .where('incident_number', '=', incidentNumber)
    .where('kind', '=', kind)
    .where(sql<string>`data->>'effectId'`, '=', effectId)
    .executeTakeFirst();
  return row === undefined ? undefined : String(row.id);
}
