import type { OnCallPerson, Pager } from '../integrations/pager.js';
import type { OpsgenieTarget } from '../integrations/opsgenie/opsgenie-pager.js';
import type { PagerDutyTarget } from '../integrations/pagerduty/pagerduty-pager.js';
import type { OnCallCache } from './oncall-cache.js';

/** The paging services, one Pager each (built in main.ts). */
export interface Pagers {
  pagerduty: Pager<PagerDutyTarget>;
  opsgenie: Pager<OpsgenieTarget>;
}

/** What paging needs at run time: the pagers and the on-call cache (objects built in main.ts). */
export interface PagingRuntime {
  pagers: Pagers;
  onCall: OnCallCache;
}

export type { OnCallPerson };
