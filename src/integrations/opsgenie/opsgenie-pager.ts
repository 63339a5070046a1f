import { EffectFailure } from '../../effects/effect-dispatcher.js';
import { callPartner } from '../http-call.js';
import type { PageSeverity, Pager } from '../pager.js';

/** An `opsgenie:` target of sitrep.yaml. */
export interface OpsgenieTarget {
  responders: { type: 'team' | 'user' | 'escalation' | 'schedule'; name?: string | undefined; id?: string | undefined; username?: string | undefined }[];
  /** The schedule `/incident oncall` reads. */
  schedule?: string | undefined;
}

export interface OpsgenieSettings {
  apiKey: string | undefined;
  apiUrl: string;
  timeoutMs: number;
}

const SERVICE = 'Opsgenie';
const PRIORITY: Record<PageSeverity, string> = { critical: 'P1', error: 'P2', warning: 'P3', info: 'P4' };

/** Opsgenie: an alert per page (alias = dedup key, so a second create deduplicates), closed by alias. */
export function opsgeniePager(settings: OpsgenieSettings): Pager<OpsgenieTarget> {
  const call = (method: 'GET' | 'POST', path: string, body?: unknown) => {
    if (!settings.apiKey) throw new EffectFailure('OPSGENIE_API_KEY is not set: Sitrep cannot reach Opsgenie', false);
    return callPartner({ service: SERVICE, method, url: `${settings.apiUrl}${path}`, headers: { authorization: `GenieKey ${settings.apiKey}` }, body, timeoutMs: settings.timeoutMs });
  };
  return {
    async trigger(target, page) {
      const { json } = await call('POST', '/v2/alerts', {
        message: page.summary.slice(0, 130),
        alias: page.dedupKey,
        description: [page.summary, ...page.links.map((l) => `${l.text}: ${l.href}`)].join('\n').slice(0, 15_000),
        responders: target.responders.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
        priority: page.urgency === 'low' && page.severity === 'critical' ? 'P2' : PRIORITY[page.severity],
        source: page.source,
        details: page.details,
      });
      // Alert creation is asynchronous in Opsgenie: the request id is all there is to keep.
      const requestId = (json as { requestId?: string } | undefined)?.requestId ?? null;
      return { id: requestId, url: null };
    },

    async resolve(_target, page) {
      await call('POST', `/v2/alerts/${encodeURIComponent(page.dedupKey)}/close?identifierType=alias`, { source: 'Sitrep', note: 'The incident was resolved in Slack.' });
    },

    async onCall(target) {
      if (!target.schedule) throw new EffectFailure('this target names no Opsgenie schedule: add `schedule:` to it in sitrep.yaml to see who is on call', false);
      const { json } = await call('GET', `/v2/schedules/${encodeURIComponent(target.schedule)}/on-calls?scheduleIdentifierType=name&flat=true`);
      const recipients = (json as { data?: { onCallRecipients?: string[] } } | undefined)?.data?.onCallRecipients ?? [];
      return recipients.map((email) => ({ name: email, email, detail: target.schedule ?? null }));
    },
  };
}
