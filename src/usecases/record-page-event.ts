import { acknowledgePage, findPageForProvider } from '../db/page-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { UseCaseContext } from './context.js';
import { oweIncidentEffects } from './incident-effects.js';
import { withIncidentLocked } from './load-incident.js';

export interface PageEvent {
  kind: 'acknowledged' | 'resolved';
  providerId: string;
  dedupKey: string | undefined;
  by: string;
  at: Date;
}

/**
 * PagerDuty says a page was acknowledged (the timeline, and the incident's `acknowledged` milestone
 * the first time) or resolved on its side (the timeline only: the incident stays as it is).
 * An event about no page of ours, or delivered twice, changes nothing. The card shows the acknowledgement.
 */
export async function recordPageEvent(ctx: UseCaseContext, event: PageEvent): Promise<boolean> {
  const page = await findPageForProvider(ctx.db, { providerId: event.providerId, dedupKey: event.dedupKey });
  if (!page) return false;
  const recorded = await withIncidentLocked(ctx.db, page.incident_number, async (trx) => {
    if (event.kind === 'acknowledged') {
      if (!(await acknowledgePage(trx, page, event.by, event.at))) return false;
    } else if (page.status === 'resolved') {
      return false;
    }
    await appendSystemEntry(trx, page.incident_number, {
      kind: 'page',
      authorId: null,
      text: `${page.target}: ${event.kind} by ${event.by} in PagerDuty`,
      occurredAt: event.at,
      data: { action: event.kind, target: page.target, provider: 'pagerduty', by: event.by },
    });
    if (event.kind === 'acknowledged') await oweIncidentEffects(trx, page.incident_number, undefined, ctx.now());
    return true;
  });
  if (recorded && event.kind === 'acknowledged') {
    ctx.metrics?.pageAcknowledged(page.provider);
    ctx.effects.poke();
  }
  return recorded;
}
