import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Route } from './route.js';

/** What Sitrep takes from a PagerDuty v3 webhook: an incident acknowledged or resolved. */
export interface PagerDutyIncidentEvent {
  kind: 'acknowledged' | 'resolved';
  incidentId: string;
  incidentKey: string | undefined;
  /** Who did it, as PagerDuty names them. */
  by: string;
  at: Date;
}

const MAX_BODY_BYTES = 256 * 1024;

const webhook = z.object({
  event: z.object({
    event_type: z.string(),
    occurred_at: z.string(),
    agent: z.object({ summary: z.string().optional() }).nullish(),
    data: z.object({ id: z.string(), incident_key: z.string().nullish() }).loose(),
  }),
});

/** True when one of the `v1=` signatures is the HMAC-SHA256 of the body with the secret (several during rotation). */
export function pagerDutySignatureValid(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/**
 * POST /hooks/pagerduty: PagerDuty v3 webhooks, signed with PAGERDUTY_WEBHOOK_SECRET (401 otherwise;
 * 404 while no secret is set). Incident acknowledged and resolved are recorded; other events are
 * answered 200 and ignored, so PagerDuty does not retry them.
 */
export function pagerDutyHookRoute(secret: string | undefined, record: (event: PagerDutyIncidentEvent) => Promise<void>): Route {
  return {
    path: '/hooks/pagerduty',
    methods: ['POST'],
    async handle(request) {
      if (!secret) return { status: 404 };
      const body = await request.body(MAX_BODY_BYTES);
      const header = request.headers['x-pagerduty-signature'];
      if (!pagerDutySignatureValid(secret, body, Array.isArray(header) ? header.join(',') : header)) return { status: 401 };
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'body is not JSON' };
      }
      const parsed = webhook.safeParse(json);
      if (!parsed.success) return { status: 400, headers: { 'content-type': 'text/plain' }, body: `not a PagerDuty v3 webhook: ${parsed.error.issues[0]?.path.join('.')}` };
      const { event } = parsed.data;
      const kind = event.event_type === 'incident.acknowledged' ? 'acknowledged' : event.event_type === 'incident.resolved' ? 'resolved' : undefined;
      const at = new Date(event.occurred_at);
      if (kind && !Number.isNaN(at.getTime())) {
        await record({ kind, incidentId: event.data.id, incidentKey: event.data.incident_key ?? undefined, by: event.agent?.summary ?? 'someone', at });
      }
      return { status: 200 };
    },
  };
}
