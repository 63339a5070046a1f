import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident } from '../db/incident-store.js';
import { getPage, markPageFailed, markPageResolved, markPageTriggered, type PageRow } from '../db/page-store.js';
import { EffectFailure, type EffectHandler } from '../effects/effect-dispatcher.js';
import { keyOf } from '../incidents/incident.js';
import { pagerSeverity, pageSummary } from '../incidents/paging.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { PageRequest } from '../integrations/pager.js';
import type { ProcessFile } from '../process/process-schema.js';
import { PAGE_EFFECT, PAGE_RESOLVE_EFFECT } from './enqueue-page.js';
import type { Pagers } from './paging-runtime.js';
import { pagingTarget } from './targets.js';

export interface PagingEffectDeps {
  db: Db;
  process: ProcessFile;
  policy: IncidentPolicy;
  pagers: Pagers;
  now: () => Date;
  /** https://acme.slack.com/: links to the incident channel. */
  workspaceUrl: string;
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

/** The handlers of page effects: send a page (trigger or update), resolve it. */
export function pagingEffectHandlers(deps: PagingEffectDeps): Record<string, EffectHandler> {
  const { db, process, policy, pagers, now } = deps;
  return {
    async [PAGE_EFFECT](effect) {
      const page = await loadPage(db, effect);
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
      await markPageTriggered(db, page.id, ref, now());
      return { target: page.target, providerId: ref.id };
    },

    async [PAGE_RESOLVE_EFFECT](effect) {
      const page = await loadPage(db, effect);
      const target = pagingTarget(process, page.target);
      const ref = { dedupKey: page.dedup_key, ref: { id: page.provider_id, url: page.provider_url } };
      if (target.provider === 'pagerduty') await pagers.pagerduty.resolve(target.config, ref);
      else await pagers.opsgenie.resolve(target.config, ref);
      await markPageResolved(db, page.id, now());
      return { target: page.target };
    },
  };
}

/** A page effect given up: the page is marked failed; returns what to tell the incident channel. */
export async function pageGivenUp(db: Db, effect: Effect, error: string, now: Date): Promise<{ target: string; provider: string; resolving: boolean } | undefined> {
  if (effect.kind !== PAGE_EFFECT && effect.kind !== PAGE_RESOLVE_EFFECT) return undefined;
  const page = await getPage(db, pageIdOf(effect)).catch(() => undefined);
  if (!page) return undefined;
  await markPageFailed(db, page.id, error, now);
  return { target: page.target, provider: page.provider === 'pagerduty' ? 'PagerDuty' : 'Opsgenie', resolving: effect.kind === PAGE_RESOLVE_EFFECT };
}
