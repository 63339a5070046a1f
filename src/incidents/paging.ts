import type { Incident } from './incident.js';
import { keyOf } from './incident.js';
import type { IncidentPolicy } from './policy.js';

/** A page of the incident as its card shows it (loaded when the views are rendered). */
export interface PageOnIncident {
  target: string;
  provider: 'pagerduty' | 'opsgenie';
  status: 'triggering' | 'triggered' | 'acknowledged' | 'resolving' | 'resolved' | 'failed';
  /** Who paged: a user id, or `sitrep` for a rule. */
  triggeredBy: string;
  /** Who acknowledged it, as the pager names them. */
  acknowledgedBy: string | null;
}

export type PagerSeverity = 'critical' | 'error' | 'warning' | 'info';
const PAGER_SEVERITIES: readonly PagerSeverity[] = ['critical', 'error', 'warning', 'info'];

/** `sitrep-INC-<n>-<target>`: one page per incident and target, at Sitrep and at the provider. */
export function pageDedupKey(incidentNumber: number, target: string): string {
  return `sitrep-${keyOf({ number: incidentNumber })}-${target}`;
}

/** The policy's most severe severity pages as critical, the next error, then warning; the rest info. */
export function pagerSeverity(policy: IncidentPolicy, severity: string): PagerSeverity {
  const rank = policy.severityIds.indexOf(severity);
  return PAGER_SEVERITIES[rank < 0 ? PAGER_SEVERITIES.length - 1 : Math.min(rank, PAGER_SEVERITIES.length - 1)]!;
}

/** What the page says: key, title unless the incident is private (and the target not allowed it), the message. */
export function pageSummary(incident: Pick<Incident, 'number' | 'title' | 'private'>, options: { includeTitle: boolean; severityLabel: string; message: string | null }): string {
  const title = incident.private && !options.includeTitle ? 'private incident' : incident.title;
  const head = `${keyOf(incident)} [${options.severityLabel}] ${title}`;
  return options.message ? `${head}: ${options.message}` : head;
}
