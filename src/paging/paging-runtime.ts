import type { OnCallPerson, Pager } from '../integrations/pager.js';
import type { OpsgenieTarget } from '../integrations/opsgenie/opsgenie-pager.js';
import type { PagerDutyTarget } from '../integrations/pagerduty/pagerduty-pager.js';
import type { OnCallCache } from './oncall-cache.js';

/** The paging services, one Pager each (built in main.ts). */
export interface Pagers {
  pagerduty: Pager<PagerDutyTarget>;
  opsgenie: Pager<OpsgenieTarget>;
}

/** What paging counts for /metrics (src/metrics.ts): each try to send or resolve a page, and how it went. */
export interface PagingMetrics {
  pageTried(provider: 'pagerduty' | 'opsgenie', action: 'trigger' | 'resolve', outcome: 'sent' | 'failed' | 'gave_up'): void;
}

/** What paging needs at run time: the pagers and the on-call cache (objects built in main.ts). */
export interface PagingRuntime {
  pagers: Pagers;
  onCall: OnCallCache;
}

export type { OnCallPerson };
