import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** One alert of an incident's alert group, by fingerprint (migration 2026-11-29T0006). */
export interface AlertsTable {
  incident_number: number;
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Json<Record<string, string>>;
  annotations: Json<Record<string, string>>;
  links: Json<{ name: string; url: string }[]>;
  starts_at: Timestamp;
  ends_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}
