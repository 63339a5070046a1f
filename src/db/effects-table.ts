import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type EffectState = 'pending' | 'done' | 'failed';

/** The durable effect queue (migration 2026-11-29T0003). */
export interface EffectsTable {
  id: Generated<string>;
  incident_number: number | null;
  kind: string;
  lane: Generated<string>;
  payload: Json<Record<string, unknown>>;
  dedup_key: string | null;
  state: Generated<EffectState>;
  attempts: Generated<number>;
  run_after: Timestamp;
  claim_token: string | null;
  claimed_until: NullableTimestamp;
  last_error: string | null;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export type EffectRow = Selectable<EffectsTable>;
