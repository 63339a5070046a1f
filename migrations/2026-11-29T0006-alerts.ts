import { type Kysely, sql } from 'kysely';

// Alerts in: an incident made from an alert group remembers its source and group key; the partial
// unique index makes "one incident per group while it is open" the database's rule, so two replicas
// receiving the same group at once cannot make two. Alerts are kept by fingerprint.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents drop constraint if exists incidents_state_check`.execute(db);
  await sql`
    alter table incidents add constraint incidents_state_check
      check (state in ('triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'declined'))`.execute(db);
  await sql`alter table incidents add column source text`.execute(db);
  await sql`alter table incidents add column alert_key text`.execute(db);
  await sql`alter table incidents add column triage_channel_id text`.execute(db);
  await sql`alter table incidents add column triage_ts text`.execute(db);
  await sql`alter table incidents add column declined_by text`.execute(db);
  await sql`alter table incidents add column declined_reason text`.execute(db);
  await sql`
    create unique index incidents_alert_group_idx on incidents (source, alert_key)
    where alert_key is not null and state not in ('resolved', 'closed', 'declined')`.execute(db);
  await sql`
    create table alerts (
      incident_number integer not null references incidents (number) on delete cascade,
      fingerprint text not null,
      status text not null check (status in ('firing', 'resolved')),
      labels jsonb not null default '{}',
      annotations jsonb not null default '{}',
      links jsonb not null default '[]',
      starts_at timestamptz not null,
      ends_at timestamptz,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      primary key (incident_number, fingerprint)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists alerts`.execute(db);
  await sql`drop index if exists incidents_alert_group_idx`.execute(db);
  await sql`delete from incidents where state in ('triage', 'declined')`.execute(db);
  for (const column of ['declined_reason', 'declined_by', 'triage_ts', 'triage_channel_id', 'alert_key', 'source']) {
    await sql`alter table incidents drop column if exists ${sql.ref(column)}`.execute(db);
  }
  await sql`alter table incidents drop constraint if exists incidents_state_check`.execute(db);
  await sql`
    alter table incidents add constraint incidents_state_check
      check (state in ('investigating', 'identified', 'monitoring', 'resolved', 'closed'))`.execute(db);
}
