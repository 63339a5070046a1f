import type { ChecklistItem } from '../checklist.js';
import type { Followup } from '../followup.js';
import type { Incident } from '../incident.js';
import type { SourceAlert } from '../source-alerts.js';
import type { IncidentPolicy } from '../policy.js';
import type { TimelineEntry } from '../timeline-entry.js';
import type { OpenState, Role } from '../types.js';

/** One assignment of a role, in the order role history records them. */
export interface RoleAssignment {
  role: Role;
  userId: string;
  previousUserId: string | null;
  assignedBy: string | null;
  assignedAt: Date;
}

/** A status update as it was posted. */
export interface StatusUpdate {
  authorId: string;
  text: string;
  /** The state the update set, if it named one. */
  state: OpenState | null;
  postedAt: Date;
  nextUpdateDueAt: Date;
}

/** Everything the retrospective is written from: the whole record, loaded before writing. */
export interface RetrospectiveInput {
  incident: Incident;
  roleHistory: readonly RoleAssignment[];
  timeline: readonly TimelineEntry[];
  statusUpdates: readonly StatusUpdate[];
  nudgeCount: number;
  /** Display names by user id; a missing one shows as the id. */
  userNames: Readonly<Record<string, string>>;
  /** Channel names (without #) by channel id, for `<#C…>` links. */
  channelNames: Readonly<Record<string, string>>;
  timeZone: string;
  /** Severity labels and role titles. */
  policy: IncidentPolicy;
  /** When the draft is written: the close time of an incident not yet marked closed. */
  now: Date;
  /** Its follow-ups, for the Action items; none when absent. */
  followups?: readonly Followup[];
  /** 1 for the first close, 2 after a reopen and a second close, … */
  version: number;
  /** The incident's checklist from its type and rules; absent or empty when it had none. */
  checklist?: readonly ChecklistItem[];
  /** The alerts it came from (alerts in); none when absent. */
  alerts?: readonly SourceAlert[];
}
