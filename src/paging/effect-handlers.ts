import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident, lockIncident } from '../db/incident-store.js';
import { getPage, markPageFailed, markPageResolved, markPageTriggered, type PageRow } from '../db/page-store.js';
import { EffectFailure, type EffectHandler } from '../effects/effect-dispatcher.js';
import { keyOf } from '../incidents/incident.js';
import { pagerSeverity, pageSummary } from '../incidents/paging.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { PageRequest } from '../integrations/pager.js';
import type { ProcessFile } from '../process/process-schema.js';
import { oweIncidentEffects } from '../usecases/incident-effects.js';
import { PAGE_EFFECT, PAGE_RESOLVE_EFFECT } from './enqueue-page.js';
import type { Pagers, PagingMetrics } from './paging-runtime.js';
import { pagingTarget } from './targets.js';

export interface PagingEffectDeps {
  db: Db;
  process: ProcessFile;
  policy: IncidentPolicy;
  pagers: Pagers;
  now: () => Date;
  /** https://acme.slack.com/: links to the incident channel. */
  workspaceUrl: string;
  metrics?: PagingMetrics;
}

function pageIdOf(effect: Effect): number {
  const id = Number(effect.payload.pageId);
  if (!Number.isInteger(id)) throw new EffectFailure('the page effect names no page', false);
  return id;
}

async function loadPage(db: Db, effect: Effect): Promise<PageRow> {
  const page = await getPage(db, pageIdOf(effect));
  if (!page) throw new EffectFailure('the page is gone', false);
  return page;
}

/**
 * Stores the page's new state with the card refresh it owes (the card shows the pages), in one
 * transaction. The incident is locked first, as every change to it is: a resolve storing at the same
 * moment (incident, refresh, then its pages) would otherwise wait on this page while this waits on
 * its refresh, and Postgres would end one of them as a deadlock (a page sent twice on the retry).
 */
async function storePageState(db: Db, page: PageRow, store: (trx: Db) => Promise<void>, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockIncident(trx, page.incident_number);
    await store(trx);
    await oweIncidentEffects(trx, page.incident_number, undefined, now);
  });
}

/** The handlers of page effects: send a page (trigger or update), resolve it; each try counted by provider and outcome. */
export function pagingEffectHandlers(deps: PagingEffectDeps): Record<string, EffectHandler> {
  const { db, process, policy, pagers, now } = deps;
  const counted =
    (action: 'trigger' | 'resolve', run: (page: PageRow) => Promise<Record<string, unknown>>): EffectHandler =>
    async (effect) => {
      const page = await loadPage(db, effect);
      try {
        const result = await run(page);
        deps.metrics?.pageTried(page.provider, action, 'sent');
        return result;
      } catch (error) {
        deps.metrics?.pageTried(page.provider, action, 'failed');
        throw error;
      }
    };
  return {
    [PAGE_EFFECT]: counted('trigger', async (page) => {
      const incident = await getIncident(db, page.incident_number);
      if (!incident) throw new EffectFailure('the incident is gone', false);
      const target = pagingTarget(process, page.target);
      const channelUrl = incident.channelId ? `${deps.workspaceUrl.replace(/\/?$/, '/')}archives/${incident.channelId}` : undefined;
      const request: PageRequest = {
        dedupKey: page.dedup_key,
        summary: pageSummary(incident, { includeTitle: target.includeTitle, severityLabel: policy.label(incident.severity), message: page.message }),
        severity: pagerSeverity(policy, incident.severity),
        urgency: page.urgency,
        source: `Sitrep (${keyOf(incident)})`,
        links: channelUrl ? [{ href: channelUrl, text: `${keyOf(incident)} incident channel` }] : [],
        details: { incident: keyOf(incident), severity: policy.label(incident.severity), state: incident.state, ...(channelUrl ? { channel: channelUrl } : {}) },
      };
      const existing = page.provider_id ? { id: page.provider_id, url: page.provider_url } : undefined;
      const ref =
        target.provider === 'pagerduty'
          ? await pagers.pagerduty.trigger(target.config, request, existing)
          : await pagers.opsgenie.trigger(target.config, request, existing);
      await storePageState(db, page, (trx) => markPageTriggered(trx, page.id, ref, now()), now());
      return { target: page.target, providerId: ref.id };
    }),

    [PAGE_RESOLVE_EFFECT]: counted('resolve', async (page) => {
      const target = pagingTarget(process, page.target);
      const ref = { dedupKey: page.dedup_key, ref: { id: page.provider_id, url: page.provider_url } };
      if (target.provider === 'pagerduty') await pagers.pagerduty.resolve(target.config, ref);
      else await pagers.opsgenie.resolve(target.config, ref);
      await storePageState(db, page, (trx) => markPageResolved(trx, page.id, now()), now());
      return { target: page.target };
    }),
  };
}

/** A page effect given up: the page is marked failed; returns what to tell the incident channel. */
export async function pageGivenUp(
  db: Db,
  effect: Effect,
  error: string,
  now: Date,
  metrics?: PagingMetrics,
): Promise<{ target: string; provider: string; resolving: boolean } | undefined> {
  if (effect.kind !== PAGE_EFFECT && effect.kind !== PAGE_RESOLVE_EFFECT) return undefined;
  const page = await getPage(db, pageIdOf(effect)).catch(() => undefined);
  if (!page) return undefined;
  // A report tried again finds the page already failed: counted and stored once.
  if (page.status !== 'failed') {
    metrics?.pageTried(page.provider, effect.kind === PAGE_EFFECT ? 'trigger' : 'resolve', 'gave_up');
    await storePageState(db, page, (trx) => markPageFailed(trx, page.id, error, now), now);
  }
  return { target: page.target, provider: page.provider === 'pagerduty' ? 'PagerDuty' : 'Opsgenie', resolving: effect.kind === PAGE_RESOLVE_EFFECT };
}
