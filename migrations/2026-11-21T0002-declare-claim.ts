import { type Kysely, sql } from 'kysely';

// Who is running an incident's declare steps, until when: the request that declared it or one
// replica's sweep. A claim that outlives its process simply expires, and the next sweep takes over.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents add column declare_claimed_until timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents drop column if exists declare_claimed_until`.execute(db);
}
