/**
 * What Sitrep asks of a paging service, whichever it is (PagerDuty, Opsgenie): page a target (a second
 * page with the same dedup key updates the first), resolve that page, say who is on call.
 * Failures are thrown as EffectFailure (retryable or not, with a 429's Retry-After).
 */
export interface Pager<Target> {
  trigger(target: Target, page: PageRequest, existing: PageRef | undefined): Promise<PageRef>;
  resolve(target: Target, page: { dedupKey: string; ref: PageRef }): Promise<void>;
  onCall(target: Target): Promise<OnCallPerson[]>;
}

/** PagerDuty's Events API v2 severities; Opsgenie priorities are derived from them. */
export type PageSeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PageRequest {
  /** `sitrep-INC-<n>-<target>`. */
  dedupKey: string;
  /** One line: the incident key, its title (unless private), the message. */
  summary: string;
  severity: PageSeverity;
  urgency: 'high' | 'low';
  /** Who pages: "Sitrep (INC-12)". */
  source: string;
  links: { href: string; text: string }[];
  details: Record<string, string>;
}

/** The provider's own id for the page, when it has one (a REST incident id), and a link to it. */
export interface PageRef {
  id: string | null;
  url: string | null;
}

export interface OnCallPerson {
  name: string;
  email: string | null;
  /** Escalation level (PagerDuty) or schedule name (Opsgenie), when known. */
  detail: string | null;
}
