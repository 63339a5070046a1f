import type { PageOnIncident } from './paging.js';
import type { IncidentPolicy } from './policy.js';
import type { SourceAlertsDigest } from './source-alerts.js';
import type { DeclareStep, IncidentState, Role, Severity } from './types.js';
import { incidentKey } from './types.js';

/** An incident as the domain sees it. */
export interface Incident {
  number: number;
  title: string;
  description: string;
  severity: Severity;
  state: IncidentState;
  private: boolean;
  declarerId: string;
  channelId: string | null;
  channelName: string | null;
  cardTs: string | null;
  announcementTs: string | null;
  declareStep: DeclareStep;
  declareError: string | null;
  /** Set when the channel could not be created at all: such an incident is never shown as open. */
  abandonedAt: Date | null;
  declaredAt: Date;
  identifiedAt: Date | null;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenedAt: Date | null;
  severityChangedAt: Date;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  mitigatedAt: Date | null;
  lastUpdateAt: Date;
  /** When the next status update is due: what the nudges watch. */
  nextUpdateDueAt: Date;
  /** The incident type from the process file (`types[].id`), when declared with one. */
  type?: string | null;
  /** How far the checklist is, when the views are rendered (absent elsewhere). */
  checklist?: { done: number; total: number };
  /** Its pages (PagerDuty, Opsgenie), when the views are rendered (absent elsewhere). */
  pages?: PageOnIncident[];
  /** The alerts it came from, when the views are rendered and it has any (absent elsewhere). */
  sourceAlerts?: SourceAlertsDigest;
}

/** Who holds each role now (user ids); a role nobody holds is absent. */
export type RoleHolders = Partial<Record<Role, string>>;

export function keyOf(incident: Pick<Incident, 'number'>): string {
  return incidentKey(incident.number);
}

/** The commander: whoever holds the role, else the declarer (PRODUCT.md: declarer is commander until someone else is). */
export function commanderOf(incident: Pick<Incident, 'declarerId'>, roles: RoleHolders, policy: IncidentPolicy): string {
  return roles[policy.commanderRole.id] ?? incident.declarerId;
}
