import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident } from '../db/incident-store.js';
import { keyOf } from '../incidents/incident.js';
import { pageGivenUp } from '../paging/effect-handlers.js';
import type { PagingMetrics } from '../paging/paging-runtime.js';
import { escapeMrkdwn } from './blocks/text.js';
import type { SlackApi } from './slack-api.js';

/**
 * Says an effect was given up, in the words of the part that owns its kind (each skips other kinds).
 * `slack` is scoped to the report's own effect: a post whose answer was lost is found, not made again.
 */
export type GaveUpReporter = (effect: Effect, error: string, slack: SlackApi) => Promise<void>;

/** A page given up after its tries is told in the incident channel, so people can page by hand. */
export function reportGivenUpEffect(deps: { db: Db; now: () => Date; metrics?: PagingMetrics }): GaveUpReporter {
  return async (effect, error, slack) => {
    if (effect.incidentNumber === null) return;
    const page = await pageGivenUp(deps.db, effect, error, deps.now(), deps.metrics);
    if (!page) return;
    const incident = await getIncident(deps.db, effect.incidentNumber);
    if (!incident?.channelId) return;
    const text = page.resolving
      ? `:warning: ${keyOf(incident)}: Sitrep could not resolve the page of *${page.target}* in ${page.provider} (${escapeMrkdwn(error)}). Resolve it there by hand.`
      : `:warning: ${keyOf(incident)}: Sitrep could not page *${page.target}* in ${page.provider} (${escapeMrkdwn(error)}). Page them directly, or try \`/incident page ${page.target}\` again.`;
    await slack.postMessage(incident.channelId, { text });
  };
}
