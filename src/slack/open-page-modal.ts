import type { Incident } from '../incidents/incident.js';
import { pagingTarget, targetNames } from '../paging/targets.js';
import { pageModal } from './blocks/page-modal.js';
import type { SlackContext } from './context.js';

const PROVIDER = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

/** Opens the page form listing the process file's targets. */
export async function openPageModal(ctx: SlackContext, triggerId: string, incident: Incident): Promise<void> {
  const targets = targetNames(ctx.process).map((name) => ({ name, provider: PROVIDER[pagingTarget(ctx.process, name).provider] }));
  await ctx.slack.openView(triggerId, pageModal(incident, targets));
}
