import type { Severity } from './types.js';

/** Response figures for the incidents of one severity (or all of them) over a window. */
export interface SeverityStats {
  /** Incidents declared in the window (abandoned declarations not counted). */
  count: number;
  resolved: number;
  /** Time to resolve (declared → resolved) of those resolved; null when none was. */
  medianTimeToResolveMs: number | null;
  p90TimeToResolveMs: number | null;
  /** Declared → first status update, of those with one; null when none had an update. */
  medianTimeToFirstUpdateMs: number | null;
  /** Declared → first acknowledgement of a page (the `acknowledged` milestone); absent or null when none was. */
  medianTimeToAcknowledgeMs?: number | null;
}

export interface IncidentStats {
  days: number;
  /** Severities with at least one incident (by their severity now). */
  bySeverity: Partial<Record<Severity, SeverityStats>>;
  total: SeverityStats;
}
