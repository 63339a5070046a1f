import { type Kysely, sql } from 'kysely';

// What the web pages read, found through an index instead of a scan:
// - the words filter of /incidents: words of the title and description ('simple': no stemming, no
//   stop words, so any word people typed is found), matched by prefix; plain Postgres, no extension,
//   so the same schema serves Postgres and PGlite. The expression must stay the one in
//   src/db/incident-read-store.ts (INCIDENT_WORDS) for the index to be used.
// - an incident page's threads (replies by the message that started them) and its key events;
// - the types in use (the filters' choices), from an index instead of every incident.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index incidents_words_idx on incidents using gin (to_tsvector('simple'::regconfig, title || ' ' || description))`.execute(db);
  await sql`create index timeline_entries_thread_idx on timeline_entries (channel_id, thread_ts) where thread_ts is not null`.execute(db);
  await sql`create index timeline_entries_key_event_idx on timeline_entries (incident_number, occurred_at, id) where key_event`.execute(db);
  await sql`create index incidents_type_idx on incidents (type) where type is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists incidents_type_idx`.execute(db);
  await sql`drop index if exists timeline_entries_key_event_idx`.execute(db);
  await sql`drop index if exists timeline_entries_thread_idx`.execute(db);
  await sql`drop index if exists incidents_words_idx`.execute(db);
}
