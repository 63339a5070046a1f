import { type Kysely, sql } from 'kysely';

// When each open incident's next nudge is due, so the sweep reads only incidents owed one now
// instead of every overdue incident (most already nudged this window). Kept by the stores:
// declare and status update set it to the next update's due time, a claimed nudge moves it a
// window on, a nudge to a gone channel clears it; resolve and close take the incident out of the index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents add column next_nudge_at timestamptz`.execute(db);
  // The cadences live in the process file, not here: the earliest the next nudge can be due. The
  // sweep puts back, with the policy, any incident already nudged this window (once).
  await sql`
    update incidents set next_nudge_at = greatest(next_update_due_at, last_update_at)
    where state in ('investigating', 'identified', 'monitoring') and declare_abandoned_at is null`.execute(db);
  await sql`
    create index incidents_next_nudge_idx on incidents (next_nudge_at, number)
    where state in ('investigating', 'identified', 'monitoring') and declare_abandoned_at is null and next_nudge_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists incidents_next_nudge_idx`.execute(db);
  await sql`alter table incidents drop column if exists next_nudge_at`.execute(db);
}
