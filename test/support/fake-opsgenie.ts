import { randomUUID } from 'node:crypto';
import { FakePartner, type PartnerReply, type PartnerRequest } from './fake-partner.js';

export const FAKE_OPSGENIE_KEY = 'og-test-key';

export interface FakeOgAlert {
  alias: string;
  message: string;
  priority: string;
  responders: unknown[];
  status: 'open' | 'closed';
  count: number;
}

/** Opsgenie's 429 (docs.opsgenie.com "API Rate Limiting": rejected with 429, state in X-RateLimit-State). */
export const OG_RATE_LIMITED: PartnerReply = {
  status: 429,
  headers: { 'x-ratelimit-state': 'THROTTLED' },
  body: { message: 'You are making too many requests! To avoid errors, we recommend you limit requests.', took: 0.001, requestId: '0c6b5a7e-0000-4000-8000-000000000429' },
};

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];
const RESPONDER_TYPES = ['team', 'user', 'escalation', 'schedule'];

/**
 * Opsgenie's Alert API as documented (docs.opsgenie.com "Alert API", "Who is On Call API",
 * "Response"): `GenieKey` auth, create (`POST /v2/alerts`, 202 `{result, took, requestId}`,
 * deduplicated on alias while open; message ≤ 130, priority P1–P5, responders typed with an id,
 * name or username, details string to string, else 422), close by alias (`identifierType=alias`,
 * 202 even for an alias it does not know: processed later), schedule on-calls (`flat=true`: `onCallRecipients`).
 */
export class FakeOpsgenie extends FakePartner {
  readonly alerts = new Map<string, FakeOgAlert>();
  /** Schedule name → emails on call. */
  readonly schedules = new Map<string, string[]>();

  protected route(r: PartnerRequest): PartnerReply {
    const took = 0.01;
    const requestId = randomUUID();
    if (r.headers.authorization !== `GenieKey ${FAKE_OPSGENIE_KEY}`) {
      return { status: 401, body: { message: 'Could not authenticate', took, requestId } };
    }
    if (r.path === '/v2/alerts' && r.method === 'POST') {
      const body = r.body ?? {};
      const invalid = (field: string, why: string): PartnerReply => ({ status: 422, body: { message: 'Request body is not processable. Please check the errors.', errors: { [field]: why }, took, requestId } });
      if (typeof body.message !== 'string' || body.message === '' || body.message.length > 130) return invalid('message', 'Message can not be empty or longer than 130 characters.');
      if (body.alias !== undefined && (typeof body.alias !== 'string' || body.alias.length > 512)) return invalid('alias', 'Alias can not be longer than 512 characters.');
      if (body.priority !== undefined && !PRIORITIES.includes(body.priority)) return invalid('priority', 'Priority should be one of [P1, P2, P3, P4, P5]');
      const responders: any[] = body.responders ?? [];
      if (!Array.isArray(responders) || responders.some((r) => !RESPONDER_TYPES.includes(r?.type) || !(r.id || r.name || r.username))) {
        return invalid('responders', 'Responder type should be one of [team, user, escalation, schedule], with an id, name or username.');
      }
      if (body.details !== undefined && Object.values(body.details ?? {}).some((v) => typeof v !== 'string')) return invalid('details', 'Details values should be strings.');
      const open = body.alias ? this.alerts.get(body.alias) : undefined;
      if (open && open.status === 'open') open.count += 1;
      else this.alerts.set(body.alias ?? requestId, { alias: body.alias ?? requestId, message: body.message, priority: body.priority ?? 'P3', responders: body.responders ?? [], status: 'open', count: 1 });
      return { status: 202, body: { result: 'Request will be processed', took, requestId } };
    }
    const close = /^\/v2\/alerts\/([^/]+)\/close$/.exec(r.path);
    if (close && r.method === 'POST') {
      const key = decodeURIComponent(close[1]!);
      const alert = r.query.get('identifierType') === 'alias' ? this.alerts.get(key) : undefined;
      if (alert) alert.status = 'closed';
      // Opsgenie accepts the request and processes it later, even for an alias it does not know.
      return { status: 202, body: { result: 'Request will be processed', took, requestId } };
    }
    const oncalls = /^\/v2\/schedules\/([^/]+)\/on-calls$/.exec(r.path);
    if (oncalls && r.method === 'GET') {
      const name = decodeURIComponent(oncalls[1]!);
      const people = this.schedules.get(name);
      if (!people) return { status: 404, body: { message: `No schedule exists with name [${name}]`, took, requestId } };
      return { status: 200, body: { data: { _parent: { id: randomUUID(), name, enabled: true }, onCallRecipients: people }, took, requestId } };
    }
    return { status: 404, body: { message: 'Not found', took, requestId } };
  }
}
