import type { Severity } from '../types.js';
import type { RetrospectiveInput } from './input.js';

export interface SeverityChange {
  from: Severity;
  to: Severity;
  at: Date;
  by: string | null;
}

// Any id counts: a severity since removed from the process still belongs to the incident's history.
function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && value !== '';
}

/** Severity changes in order, from the `severity_changed` entries' `{ from, to }`. */
export function severityChanges(input: Pick<RetrospectiveInput, 'timeline'>): SeverityChange[] {
  const changes: SeverityChange[] = [];
  for (const entry of input.timeline) {
    if (entry.kind !== 'severity_changed' || entry.deletedAt) continue;
    const { from, to } = entry.data;
    if (isSeverity(from) && isSeverity(to)) changes.push({ from, to, at: entry.occurredAt, by: entry.authorId });
  }
  return changes.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A milestone's time, and whether someone recorded it or it is the default. */
export interface MilestoneTime {
  at: Date | null;
  recorded: boolean;
  /** Where a time nobody recorded came from, when not the usual default (`earliest alert`). */
  defaultFrom?: string;
}

export interface Milestones {
  impactStarted: MilestoneTime;
  detected: MilestoneTime;
  declared: Date;
  mitigated: MilestoneTime;
  /** First acknowledgement of a page in PagerDuty (the timeline's `page` entries); null when none. */
  acknowledged: Date | null;
  identified: Date | null;
  resolved: Date | null;
  closed: Date;
}

/**
 * The incident's milestones with the defaults: detected = declared, mitigated = the first time
 * the state became monitoring (by any record of it: the incident row, an update or a state entry).
 */
export function milestonesOf(input: Pick<RetrospectiveInput, 'incident' | 'timeline' | 'statusUpdates' | 'now' | 'alerts'>): Milestones {
  const { incident } = input;
  const monitoringTimes: Date[] = [];
  if (incident.monitoringAt) monitoringTimes.push(incident.monitoringAt);
  for (const update of input.statusUpdates) if (update.state === 'monitoring') monitoringTimes.push(update.postedAt);
  for (const entry of input.timeline) {
    if (entry.kind === 'state_changed' && entry.data.to === 'monitoring') monitoringTimes.push(entry.occurredAt);
  }
  const acknowledgements = input.timeline.filter((e) => e.kind === 'page' && e.data.action === 'acknowledged').map((e) => e.occurredAt.getTime());
  const firstMonitoring = monitoringTimes.length > 0 ? new Date(Math.min(...monitoringTimes.map((d) => d.getTime()))) : null;

  return {
    impactStarted: { at: incident.impactStartedAt, recorded: incident.impactStartedAt !== null },
    detected: detectedOf(input),
    declared: incident.declaredAt,
    mitigated: { at: incident.mitigatedAt ?? firstMonitoring, recorded: incident.mitigatedAt !== null },
    acknowledged: acknowledgements.length > 0 ? new Date(Math.min(...acknowledgements)) : null,
    identified: incident.identifiedAt,
    resolved: incident.resolvedAt,
    closed: incident.closedAt ?? input.now,
  };
}

/** Detected: as recorded, else when the earliest alert started (what alerts in stores), else declared. */
function detectedOf({ incident, alerts = [] }: Pick<RetrospectiveInput, 'incident' | 'alerts'>): MilestoneTime {
  const earliest = alerts.length > 0 ? Math.min(...alerts.map((a) => a.startsAt.getTime())) : undefined;
  const at = incident.detectedAt ?? (earliest === undefined ? null : new Date(earliest));
  if (at && at.getTime() === earliest) return { at, recorded: false, defaultFrom: "the earliest alert's start" };
  return { at: at ?? incident.declaredAt, recorded: at !== null };
}

/** The incident's whole life: from impact start when known and earlier, else from declaring, to close. */
export function lifespan(milestones: Milestones): { from: Date; to: Date; fromLabel: string } {
  const impact = milestones.impactStarted.at;
  return impact && impact < milestones.declared
    ? { from: impact, to: milestones.closed, fromLabel: 'impact started' }
    : { from: milestones.declared, to: milestones.closed, fromLabel: 'declared' };
}

/** The figures a close announces, as the summary computes them. */
export interface Headline {
  /** Total duration, from impact start when known and earlier, else from declaring, to close. */
  durationMs: number;
  durationFrom: string;
  /** Declared → resolved; null when never resolved. */
  timeToResolveMs: number | null;
  statusUpdates: number;
}

export function headlineOf(input: Pick<RetrospectiveInput, 'incident' | 'timeline' | 'statusUpdates' | 'now'>): Headline {
  const milestones = milestonesOf(input);
  const life = lifespan(milestones);
  return {
    durationMs: life.to.getTime() - life.from.getTime(),
    durationFrom: life.fromLabel,
    timeToResolveMs: milestones.resolved ? milestones.resolved.getTime() - milestones.declared.getTime() : null,
    statusUpdates: input.statusUpdates.length,
  };
}
