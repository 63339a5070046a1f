import { type Kysely, sql } from 'kysely';

// Sign in with Slack for the web pages: a sign-in under way (its state and nonce, for a few minutes)
// and the sessions it opens. Only a hash of the session cookie is stored, so a leaked table opens none.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table web_sign_ins (
      state text primary key,
      nonce text not null,
      return_to text not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`
    create table web_sessions (
      token_hash text primary key,
      user_id text not null,
      team_id text not null,
      user_name text not null default '',
      csrf_token text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index web_sessions_expires_idx on web_sessions (expires_at)`.execute(db);
  // The incident list filters by state and severity and pages by number.
  await sql`create index incidents_state_number_idx on incidents (state, number desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists incidents_state_number_idx`.execute(db);
  await sql`drop table if exists web_sessions`.execute(db);
  await sql`drop table if exists web_sign_ins`.execute(db);
}
