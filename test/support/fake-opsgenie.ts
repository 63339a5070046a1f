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

/**
 * Opsgenie's Alert API as documented: `GenieKey` auth, create (`POST /v2/alerts`, 202 with a
 * requestId, deduplicated on alias while open), close by alias, schedule on-calls; 422 on bad input.
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
      if (typeof body.message !== 'string' || body.message === '' || body.message.length > 130) {
        return { status: 422, body: { message: 'Request body is not processable. Please check the errors.', errors: { message: 'Message can not be empty or longer than 130 characters.' }, took, requestId } };
      }
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
