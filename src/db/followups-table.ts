import type { ColumnType } from 'kysely';
import type { FollowupState } from '../incidents/followup.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** Follow-ups, `INC-<n>-F<m>` (migration 2026-11-29T0008). */
export interface FollowupsTable {
  incident_number: number;
  seq: number;
  text: string;
  owner_id: string;
  due_date: Nullable<string>;
  state: ColumnType<FollowupState, FollowupState | undefined, FollowupState>;
  created_by: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  source_link: Nullable<string>;
  /** The tracker's own name for the issue, e.g. `github:acme/ops#12`: what its webhooks name. */
  tracker_ref: Nullable<string>;
  tracker_url: Nullable<string>;
  message_ts: Nullable<string>;
  changed_by: Nullable<string>;
  changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One reminder run per subject (an owner, an incident) and run key (a day): who claims it sends it. */
export interface ReminderClaimsTable {
  kind: string;
  subject: string;
  run_key: string;
  claimed_at: ColumnType<Date, Date | string, Date | string>;
}
