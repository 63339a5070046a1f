import { type Kysely, sql } from 'kysely';

// Triage outcomes of alerts in: a group merged into another incident keeps pointing there (later
// notifications for its key update that incident), and an accepted incident's alerts card in its
// channel is edited in place instead of the triage message.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents add column merged_into integer references incidents (number)`.execute(db);
  await sql`alter table incidents add column alerts_card_ts text`.execute(db);
  // Finding the incident a group was merged into, by its key.
  await sql`create index incidents_merged_group_idx on incidents (source, alert_key) where merged_into is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists incidents_merged_group_idx`.execute(db);
  await sql`alter table incidents drop column if exists alerts_card_ts`.execute(db);
  await sql`alter table incidents drop column if exists merged_into`.execute(db);
}
