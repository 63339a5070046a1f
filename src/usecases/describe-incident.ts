import { pagesOfIncident } from '../db/page-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { countStatusUpdates, latestStatusUpdate } from '../db/status-update-store.js';
import { sourceAlertsOf } from '../db/source-alert-store.js';
import type { Incident, RoleHolders } from '../incidents/incident.js';
import { digestSourceAlerts, type SourceAlertsDigest } from '../incidents/source-alerts.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';

export interface IncidentSummary {
  incident: Incident;
  roles: RoleHolders;
  latestUpdate: { authorId: string; text: string; postedAt: Date } | undefined;
  updateCount: number;
  /** Who was paged, and where each page stands. */
  pages?: { target: string; provider: 'pagerduty' | 'opsgenie'; status: string; acknowledgedBy: string | null }[];
  /** The alerts it came from, when it came from alerts. */
  alerts?: SourceAlertsDigest;
}

/** Everything `/incident info` shows: the incident, who holds each role, the last status update. */
export async function describeIncident(ctx: UseCaseContext, incidentNumber: number): Promise<IncidentSummary> {
  const incident = await loadIncident(ctx.db, incidentNumber);
  const [roles, latestUpdate, updateCount, pages, alerts] = await Promise.all([
    currentRoleHolders(ctx.db, incident.number),
    latestStatusUpdate(ctx.db, incident.number),
    countStatusUpdates(ctx.db, incident.number),
    pagesOfIncident(ctx.db, incident.number),
    sourceAlertsOf(ctx.db, incident.number),
  ]);
  const digest = digestSourceAlerts(alerts);
  return {
    incident,
    roles,
    latestUpdate,
    updateCount,
    pages: pages.map((p) => ({ target: p.target, provider: p.provider, status: p.status, acknowledgedBy: p.acknowledged_by })),
    ...(digest ? { alerts: digest } : {}),
  };
}
