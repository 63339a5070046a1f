import type { Severity } from '../incidents/types.js';

/** What use cases count for the operator's /metrics; the Prometheus side lives in src/metrics.ts. */
export interface UseCaseMetrics {
  incidentDeclared(severity: Severity): void;
  /** One sweep's tally: posted, failed and kept for a retry, given up. */
  nudgesSwept(result: { sent: number; failed: number; gaveUp: number }): void;
  /** A page acknowledged at its provider (the first acknowledgement of that page). */
  pageAcknowledged(provider: 'pagerduty' | 'opsgenie'): void;
}
