import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  DeclareStep,
  IncidentState,
  OpenState,
  TimelineKind,
} from '../incidents/types.js';
import type { AlertsTable } from './alerts-table.js';
import type { ChecklistItemsTable } from './checklist-table.js';
import type { EffectsTable } from './effects-table.js';
import type { PagesTable } from './pages-table.js';
import type { FollowupsTable, ReminderClaimsTable } from './followups-table.js';
import type { WebSessionsTable, WebSignInsTable } from './web-tables.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface IncidentsTable {
  number: Generated<number>;
  title: string;
  description: Generated<string>;
  /** A severity id of the incident policy; no check pins it (migration 2026-11-29T0001). */
  severity: string;
  state: Generated<IncidentState>;
  private: Generated<boolean>;
  declarer_id: string;
  /** Trigger or view id of the request that declared it: a repeated submit declares once. */
  request_key: string | null;
  declare_step: Generated<DeclareStep>;
  declare_error: string | null;
  declare_abandoned_at: Timestamp | null;
  /** Who runs the declare steps, until when: a request or one replica's sweep (migration 0002). */
  declare_claimed_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  channel_name: string | null;
  channel_id: string | null;
  card_ts: string | null;
  announcement_ts: string | null;
  declared_at: DefaultTimestamp;
  identified_at: Timestamp | null;
  monitoring_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  reopened_at: Timestamp | null;
  severity_changed_at: DefaultTimestamp;
  impact_started_at: Timestamp | null;
  detected_at: Timestamp | null;
  mitigated_at: Timestamp | null;
  last_update_at: DefaultTimestamp;
  next_update_due_at: Timestamp;
  updated_at: DefaultTimestamp;
  /** The incident type from the process file, if any (migration 2026-11-29T0004). */
  type: ColumnType<string | null, string | null | undefined, string | null>;
  /** The checklist message in the incident channel. */
  checklist_ts: ColumnType<string | null, string | null | undefined, string | null>;
  /** The `acknowledged` milestone: first acknowledgement of a page (migration 2026-11-29T0007). */
  acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Alerts in (migration 2026-11-29T0006): the alert source and group key; one open incident per pair. */
  source: ColumnType<string | null, string | null | undefined, string | null>;
  alert_key: ColumnType<string | null, string | null | undefined, string | null>;
  triage_channel_id: ColumnType<string | null, string | null | undefined, string | null>;
  triage_ts: ColumnType<string | null, string | null | undefined, string | null>;
  declined_by: ColumnType<string | null, string | null | undefined, string | null>;
  declined_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Triage outcomes (migration 2026-11-29T0010): the incident a group was merged into; the alerts card in the channel. */
  merged_into: ColumnType<number | null, number | null | undefined, number | null>;
  alerts_card_ts: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the next nudge is due while open; null when none is (migration 2026-11-29T0005). */
  next_nudge_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RoleAssignmentsTable {
  id: Generated<number>;
  incident_number: number;
  /** A role id of the incident policy; no check pins it (migration 2026-11-29T0001). */
  role: string;
  user_id: string;
  previous_user_id: string | null;
  assigned_by: string | null;
  assigned_at: DefaultTimestamp;
}

export interface TimelineFile {
  id?: string;
  name: string;
}

export interface TimelineEntriesTable {
  /** bigint: node-postgres returns it as a string. */
  id: Generated<string>;
  incident_number: number;
  kind: TimelineKind;
  channel_id: string | null;
  /** The Slack message this entry is (or, for a system entry, the bot's post announcing it). */
  message_ts: string | null;
  thread_ts: string | null;
  author_id: string | null;
  text: Generated<string>;
  files: Json<TimelineFile[]>;
  permalink: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: DefaultTimestamp;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  key_event: Generated<boolean>;
  /** Slack ts of the change the text came from (numeric; null: only a deletion seen yet). Migration 2026-11-29T0002. */
  version_ts: string | null;
}

/** Which replica reads a channel's history in this reconciliation run (migration 2026-11-29T0002). */
export interface TimelineReconcileClaimsTable {
  channel_id: string;
  claimed_by: string;
  claimed_at: Timestamp;
}

export interface StatusUpdatesTable {
  id: Generated<number>;
  incident_number: number;
  author_id: string;
  text: string;
  state: OpenState | null;
  posted_at: DefaultTimestamp;
  next_update_due_at: Timestamp;
  message_ts: string | null;
  announcement_ts: string | null;
}

export interface NudgesTable {
  id: Generated<number>;
  incident_number: number;
  /** The overdue moment this nudge is for: one nudge per incident per window. */
  due_at: Timestamp;
  /** 1 for the first nudge since the last update, 2 for the second in a row, … */
  streak: number;
  claimed_by: string;
  claimed_at: DefaultTimestamp;
  attempts: Generated<number>;
  sent_at: Timestamp | null;
  message_ts: string | null;
  last_error: string | null;
  gave_up_at: Timestamp | null;
}

export interface RetrospectivesTable {
  id: Generated<number>;
  incident_number: number;
  version: number;
  markdown: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  file_id: string | null;
}

export interface Database {
  incidents: IncidentsTable;
  role_assignments: RoleAssignmentsTable;
  timeline_entries: TimelineEntriesTable;
  status_updates: StatusUpdatesTable;
  nudges: NudgesTable;
  retrospectives: RetrospectivesTable;
  timeline_reconcile_claims: TimelineReconcileClaimsTable;
  effects: EffectsTable;
  checklist_items: ChecklistItemsTable;
  pages: PagesTable;
  alerts: AlertsTable;
  followups: FollowupsTable;
  reminder_claims: ReminderClaimsTable;
  web_sign_ins: WebSignInsTable;
  web_sessions: WebSessionsTable;
}

export type IncidentRow = Selectable<IncidentsTable>;
export type NewIncidentRow = Insertable<IncidentsTable>;
export type IncidentRowUpdate = Updateable<IncidentsTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;
export type TimelineEntryRow = Selectable<TimelineEntriesTable>;
export type NewTimelineEntryRow = Insertable<TimelineEntriesTable>;
export type StatusUpdateRow = Selectable<StatusUpdatesTable>;
export type NudgeRow = Selectable<NudgesTable>;
export type RetrospectiveRow = Selectable<RetrospectivesTable>;
