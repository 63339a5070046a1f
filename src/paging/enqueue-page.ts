import type { Db } from '../db/database.js';
import { enqueueEffects } from '../db/effect-store.js';
import { type PageRow, recordPage, startResolvingPages } from '../db/page-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { pageDedupKey } from '../incidents/paging.js';
import type { ProcessFile } from '../process/process-schema.js';
import { INCIDENT_EFFECTS, oweIncidentEffects } from '../usecases/incident-effects.js';
import { pagingTarget } from './targets.js';

export const PAGE_EFFECT = 'page';
export const PAGE_RESOLVE_EFFECT = 'page_resolve';

/** A target's pages and resolves run in order, apart from other targets'. */
export const pageLane = (target: string) => `page:${target}`;

/**
 * Pages `target` for the incident, inside the caller's transaction: records the page (paging the same
 * target again updates it), puts it on the timeline and stores the effect that sends it. The caller
 * pokes `ctx.effects` once the transaction has committed. Rules call this too. The card shows the page
 * (a views refresh is owed); `announce` also owes the post telling the channel who paged (the page form).
 */
export async function enqueuePage(
  trx: Db,
  ctx: { process: ProcessFile; now: () => Date },
  incident: Pick<Incident, 'number'>,
  target: string,
  message: string | null,
  by: string | null,
  urgency: 'high' | 'low' = 'high',
  announce = false,
): Promise<{ page: PageRow; again: boolean; noticeId: string | undefined }> {
  const found = pagingTarget(ctx.process, target);
  const now = ctx.now();
  const text = message?.trim() || null;
  const { page, again } = await recordPage(trx, {
    incidentNumber: incident.number,
    target,
    provider: found.provider,
    dedupKey: pageDedupKey(incident.number, target),
    message: text,
    urgency,
    by: by ?? 'sitrep',
    now,
  });
  const entryId = await appendSystemEntry(trx, incident.number, {
    kind: 'page',
    authorId: by,
    text: `Paged ${target}${again ? ' again' : ''} (${found.provider === 'pagerduty' ? 'PagerDuty' : 'Opsgenie'})${text ? `: ${text}` : ''}`,
    occurredAt: now,
    data: { action: 'trigger', target, provider: found.provider, dedupKey: page.dedup_key, urgency, again },
  });
  await enqueueEffects(trx, [{ kind: PAGE_EFFECT, incidentNumber: incident.number, lane: pageLane(target), payload: { pageId: page.id } }], now);
  const notice =
    announce && by ? { kind: INCIDENT_EFFECTS.paged, by, target, provider: found.provider, message: text, again, entryId } : undefined;
  const noticeId = await oweIncidentEffects(trx, incident.number, notice, now);
  return { page, again, noticeId };
}

/** Resolving the incident resolves its open pages: one effect per page, stored in the resolve's transaction. */
export async function resolveOpenPages(trx: Db, incidentNumber: number, now: Date): Promise<number> {
  const pages = await startResolvingPages(trx, incidentNumber, now);
  await enqueueEffects(
    trx,
    pages.map((p) => ({ kind: PAGE_RESOLVE_EFFECT, incidentNumber, lane: pageLane(p.target), payload: { pageId: p.id } })),
    now,
  );
  return pages.length;
}
