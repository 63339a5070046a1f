import { EffectFailure } from '../../effects/effect-dispatcher.js';
import { callPartner } from '../http-call.js';
import type { OnCallPerson, PageRef, Pager } from '../pager.js';

/** A `pagerduty:` target of sitrep.yaml: an Events API v2 routing key, or a service for the REST API. */
export type PagerDutyTarget = { routing_key: string } | { service: string; escalation_policy?: string | undefined };

export interface PagerDutySettings {
  apiToken: string | undefined;
  /** The PagerDuty user REST writes are made as. */
  from: string | undefined;
  apiUrl: string;
  eventsUrl: string;
  timeoutMs: number;
}

const SERVICE = 'PagerDuty';
const REST_ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** PagerDuty: Events API v2 for routing keys, REST incidents for services, `/oncalls` for who is on call. */
export function pagerDutyPager(settings: PagerDutySettings): Pager<PagerDutyTarget> {
  const rest = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, accept?: (status: number) => boolean) => {
    if (!settings.apiToken) throw new EffectFailure('PAGERDUTY_API_TOKEN is not set: Sitrep cannot use the PagerDuty REST API', false);
    const headers: Record<string, string> = { authorization: `Token token=${settings.apiToken}`, accept: REST_ACCEPT };
    if (method !== 'GET') {
      if (!settings.from) throw new EffectFailure('PAGERDUTY_FROM is not set: PagerDuty needs the email of the user Sitrep acts as', false);
      headers.from = settings.from;
    }
    return callPartner({ service: SERVICE, method, url: `${settings.apiUrl}${path}`, headers, body, timeoutMs: settings.timeoutMs }, accept);
  };
  const enqueue = (body: Record<string, unknown>) =>
    callPartner({ service: SERVICE, method: 'POST', url: `${settings.eventsUrl}/v2/enqueue`, headers: {}, body, timeoutMs: settings.timeoutMs });

  const incidentByKey = async (key: string): Promise<PageRef | undefined> => {
    const { json } = await rest('GET', `/incidents?incident_key=${encodeURIComponent(key)}`);
    const found = (json as { incidents?: { id: string; html_url?: string }[] } | undefined)?.incidents?.[0];
    return found ? { id: found.id, url: found.html_url ?? null } : undefined;
  };

  return {
    async trigger(target, page, existing) {
      if ('routing_key' in target) {
        // Events v2 deduplicates on dedup_key: a second trigger updates the open alert.
        await enqueue({
          routing_key: target.routing_key,
          event_action: 'trigger',
          dedup_key: page.dedupKey,
          payload: { summary: page.summary.slice(0, 1024), source: page.source, severity: page.severity, custom_details: page.details },
          links: page.links,
        });
        return { id: null, url: null };
      }
      if (existing?.id) {
        // Paging again: the incident stays, the new message goes on it as a note.
        await rest('POST', `/incidents/${encodeURIComponent(existing.id)}/notes`, { note: { content: page.summary } });
        return existing;
      }
      const { status, json } = await rest(
        'POST',
        '/incidents',
        {
          incident: {
            type: 'incident',
            title: page.summary.slice(0, 255),
            service: { id: target.service, type: 'service_reference' },
            urgency: page.urgency,
            incident_key: page.dedupKey,
            body: { type: 'incident_body', details: [page.summary, ...page.links.map((l) => `${l.text}: ${l.href}`)].join('\n') },
            ...(target.escalation_policy ? { escalation_policy: { id: target.escalation_policy, type: 'escalation_policy_reference' } } : {}),
          },
        },
        (s) => s === 400,
      );
      const created = (json as { incident?: { id: string; html_url?: string } } | undefined)?.incident;
      if (status !== 400 && created) return { id: created.id, url: created.html_url ?? null };
      // A try whose answer was lost already made it: PagerDuty refuses a second incident with the key.
      const made = status === 400 ? await incidentByKey(page.dedupKey) : undefined;
      if (made) return made;
      throw new EffectFailure(`PagerDuty refused the incident: ${JSON.stringify(json ?? {}).slice(0, 300)}`, false);
    },

    async resolve(target, page) {
      if ('routing_key' in target) {
        await enqueue({ routing_key: target.routing_key, event_action: 'resolve', dedup_key: page.dedupKey });
        return;
      }
      const id = page.ref.id ?? (await incidentByKey(page.dedupKey))?.id;
      if (!id) return;
      await rest('PUT', `/incidents/${encodeURIComponent(id)}`, { incident: { type: 'incident_reference', status: 'resolved' } });
    },

    async onCall(target) {
      let policy = 'service' in target ? target.escalation_policy : undefined;
      if (!policy && 'service' in target) {
        const { json } = await rest('GET', `/services/${encodeURIComponent(target.service)}`);
        policy = (json as { service?: { escalation_policy?: { id?: string } } } | undefined)?.service?.escalation_policy?.id;
      }
      if (!policy) throw new EffectFailure('this target has only an Events API routing key: add its service to sitrep.yaml to see who is on call', false);
      const { json } = await rest('GET', `/oncalls?include[]=users&escalation_policy_ids[]=${encodeURIComponent(policy)}`);
      const oncalls = (json as { oncalls?: { escalation_level?: number; user?: { summary?: string; name?: string; email?: string } }[] } | undefined)?.oncalls ?? [];
      const people: OnCallPerson[] = oncalls.map((o) => ({
        name: o.user?.name ?? o.user?.summary ?? 'someone',
        email: o.user?.email ?? null,
        detail: o.escalation_level !== undefined ? `level ${o.escalation_level}` : null,
      }));
      // The same person may be on call through several schedules of the policy.
      return people.filter((p, i) => people.findIndex((q) => q.name === p.name && q.detail === p.detail) === i);
    },
  };
}
