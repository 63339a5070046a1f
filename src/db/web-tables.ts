import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A sign-in with Slack under way (migration 2026-11-29T0009). */
export interface WebSignInsTable {
  state: string;
  nonce: string;
  return_to: string;
  expires_at: Timestamp;
}

/** A signed-in browser (migration 2026-11-29T0009); the cookie's token is stored hashed. */
export interface WebSessionsTable {
  token_hash: string;
  user_id: string;
  team_id: string;
  user_name: ColumnType<string, string | undefined, string>;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
