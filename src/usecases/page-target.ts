import type { PageRow } from '../db/page-store.js';
import { enqueuePage } from '../paging/enqueue-page.js';
import type { UseCaseContext } from './context.js';
import { runOwedEffects } from './incident-effects.js';
import { withIncidentLocked } from './load-incident.js';

export interface PageTargetInput {
  incidentNumber: number;
  target: string;
  message: string | null;
  urgency: 'high' | 'low';
  by: string;
  /** Tell the channel who paged, as an effect (the page form); the command answers in the channel itself. */
  announce?: boolean;
}

/**
 * Pages a target of the process file for the incident: stored with the page's effect, sent by the
 * effect dispatcher (exactly once, retried, reported in the channel if it cannot be sent).
 */
export async function pageTarget(ctx: UseCaseContext, input: PageTargetInput): Promise<{ page: PageRow; again: boolean }> {
  const { page, again, noticeId } = await withIncidentLocked(ctx.db, input.incidentNumber, (trx, incident) =>
    enqueuePage(trx, ctx, incident, input.target, input.message, input.by, input.urgency, input.announce ?? false),
  );
  await runOwedEffects(ctx, { incidentNumber: input.incidentNumber, noticeId, change: 'page' });
  return { page, again };
}
