import { type Kysely, sql } from 'kysely';

// A message entry keeps the Slack ts of the change its text came from (the message's own ts, an
// edit's event ts): a change applies only over an older one, so events may arrive in any order.
// (An edit's time has whole seconds only: an edited row ranks just above its original at least.)
// Reconciliation claims each channel per run, so replicas share the history reads.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table timeline_entries add column version_ts numeric`.execute(db);
  await sql`
    update timeline_entries
    set version_ts = case when edited_at is null then message_ts::numeric
      else greatest(extract(epoch from edited_at), message_ts::numeric + 0.000001) end
    where kind = 'message' and message_ts ~ '^[0-9]{1,12}\\.[0-9]{1,6}$'`.execute(db);
  await sql`
    create table timeline_reconcile_claims (
      channel_id text primary key,
      claimed_by text not null,
      claimed_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists timeline_reconcile_claims`.execute(db);
  await sql`alter table timeline_entries drop column if exists version_ts`.execute(db);
}
