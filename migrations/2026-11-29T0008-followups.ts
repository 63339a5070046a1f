import { type Kysely, sql } from 'kysely';

// Follow-ups (INC-<n>-F<m>) and the claims that make each reminder go out once across replicas.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table followups (
      incident_number integer not null references incidents (number) on delete cascade,
      seq integer not null,
      text text not null check (char_length(text) between 1 and 300),
      owner_id text not null,
      due_date text check (due_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      state text not null default 'open',
      created_by text not null,
      created_at timestamptz not null,
      source_link text,
      tracker_ref text,
      tracker_url text,
      message_ts text,
      changed_by text,
      changed_at timestamptz,
      primary key (incident_number, seq)
    )`.execute(db);
  await sql`create index followups_owner on followups (owner_id, state)`.execute(db);
  await sql`create index followups_tracker_ref on followups (tracker_ref)`.execute(db);
  await sql`
    create table reminder_claims (
      kind text not null,
      subject text not null,
      run_key text not null,
      claimed_at timestamptz not null,
      primary key (kind, subject, run_key)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists reminder_claims`.execute(db);
  await sql`drop table if exists followups`.execute(db);
}
