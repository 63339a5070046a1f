import type { Db } from './database.js';

export interface SignInStart {
  state: string;
  nonce: string;
  returnTo: string;
  expiresAt: Date;
}

export async function saveSignIn(db: Db, start: SignInStart): Promise<void> {
  await db.insertInto('web_sign_ins').values({ state: start.state, nonce: start.nonce, return_to: start.returnTo, expires_at: start.expiresAt }).execute();
}

/** Takes the sign-in of this state once (a replayed callback finds nothing); undefined when unknown or expired. */
export async function takeSignIn(db: Db, state: string, now: Date): Promise<{ nonce: string; returnTo: string } | undefined> {
  const row = await db.deleteFrom('web_sign_ins').where('state', '=', state).returning(['nonce', 'return_to', 'expires_at']).executeTakeFirst();
  // Old abandoned sign-ins go too; they are tiny and few.
  await db.deleteFrom('web_sign_ins').where('expires_at', '<=', now).execute();
  if (!row || row.expires_at <= now) return undefined;
  return { nonce: row.nonce, returnTo: row.return_to };
}

export interface WebSession {
  userId: string;
  teamId: string;
  userName: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, tokenHash: string, session: WebSession, now: Date): Promise<void> {
  await db
    .insertInto('web_sessions')
    .values({
      token_hash: tokenHash,
      user_id: session.userId,
      team_id: session.teamId,
      user_name: session.userName,
      csrf_token: session.csrfToken,
      created_at: now,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The live session of this token hash: not revoked, not expired. */
export async function findSession(db: Db, tokenHash: string, now: Date): Promise<WebSession | undefined> {
  const row = await db
    .selectFrom('web_sessions')
    .select(['user_id', 'team_id', 'user_name', 'csrf_token', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { userId: row.user_id, teamId: row.team_id, userName: row.user_name, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('web_sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}
