import { IncidentError } from '../incidents/errors.js';
import type { OpsgenieTarget } from '../integrations/opsgenie/opsgenie-pager.js';
import type { PagerDutyTarget } from '../integrations/pagerduty/pagerduty-pager.js';
import type { ProcessFile } from '../process/process-schema.js';

export type PagingTarget =
  | { name: string; provider: 'pagerduty'; config: PagerDutyTarget; includeTitle: boolean }
  | { name: string; provider: 'opsgenie'; config: OpsgenieTarget; includeTitle: boolean };

export function targetNames(process: ProcessFile): string[] {
  return Object.keys(process.paging?.targets ?? {});
}

/** The target named under paging.targets; a name that is not there is refused, listing those that are. */
export function pagingTarget(process: ProcessFile, name: string): PagingTarget {
  const target = process.paging?.targets[name];
  if (!target) throw new IncidentError('unknown_page_target', { target: name, known: targetNames(process) });
  return 'pagerduty' in target
    ? { name, provider: 'pagerduty', config: target.pagerduty, includeTitle: target.include_title }
    : { name, provider: 'opsgenie', config: target.opsgenie, includeTitle: target.include_title };
}
