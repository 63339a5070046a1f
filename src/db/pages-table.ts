import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type PageStatus = 'triggering' | 'triggered' | 'acknowledged' | 'resolving' | 'resolved' | 'failed';

/** Pages sent to PagerDuty or Opsgenie, one per incident and target (migration 2026-11-29T0007). */
export interface PagesTable {
  id: Generated<number>;
  incident_number: number;
  target: string;
  provider: 'pagerduty' | 'opsgenie';
  dedup_key: string;
  status: Generated<PageStatus>;
  message: string | null;
  urgency: Generated<'high' | 'low'>;
  triggered_by: string;
  provider_id: ColumnType<string | null, string | null | undefined, string | null>;
  provider_url: ColumnType<string | null, string | null | undefined, string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  triggered_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_at: NullableTimestamp;
  updated_at: Timestamp;
}

export type PageRow = Selectable<PagesTable>;
