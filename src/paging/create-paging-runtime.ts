import type { Config } from '../config.js';
import { opsgeniePager } from '../integrations/opsgenie/opsgenie-pager.js';
import { pagerDutyPager } from '../integrations/pagerduty/pagerduty-pager.js';
import { OnCallCache } from './oncall-cache.js';
import type { PagingRuntime } from './paging-runtime.js';

// Longest wait for one PagerDuty or Opsgenie answer.
const PARTNER_TIMEOUT_MS = 10_000;

/** The pagers over the settings and one on-call cache: built once per process. */
export function createPagingRuntime(config: Pick<Config, 'paging'>, now: () => Date): PagingRuntime {
  return {
    pagers: {
      pagerduty: pagerDutyPager({ ...config.paging.pagerduty, timeoutMs: PARTNER_TIMEOUT_MS }),
      opsgenie: opsgeniePager({ ...config.paging.opsgenie, timeoutMs: PARTNER_TIMEOUT_MS }),
    },
    onCall: new OnCallCache(now),
  };
}
