import { randomUUID } from 'node:crypto';
import { FakePartner, type PartnerReply, type PartnerRequest } from './fake-partner.js';

export const FAKE_PD_TOKEN = 'pd-test-token';

export interface FakePdIncident {
  id: string;
  incident_key: string;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: string;
  service: string;
  escalation_policy: string | undefined;
  notes: string[];
}

export interface FakePdAlert {
  routing_key: string;
  dedup_key: string;
  status: 'triggered' | 'resolved';
  triggers: any[];
}

/**
 * What PagerDuty answers when it rate limits, per its developer docs (PagerDuty/developer-docs):
 * the REST API (REST-API/04-Rate-Limits.md) a 429 with `ratelimit-*` headers and error code 2020,
 * the Events API (events-API-v2/05-Rate-Limits.md) a bare 429 "Request Limit Exceeded".
 */
export const PD_RATE_LIMITED = {
  rest: (resetSeconds: number): PartnerReply => ({
    status: 429,
    headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': String(resetSeconds) },
    body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
  }),
  events: { status: 429, body: { status: 'throttle event', message: 'Request Limit Exceeded' } } as PartnerReply,
};

/**
 * PagerDuty as its public API documents answer (PagerDuty/developer-docs): Events API v2
 * (`POST /v2/enqueue`, 202 `{status, message, dedup_key}`, 400 `invalid event`; acknowledge and
 * resolve of an unknown key, or through another routing key, are dropped), and the REST API
 * (`Token token=` auth, 401 code 2006, `From` header on writes, `incidents` refusing a second open
 * `incident_key` on the service with 400, `oncalls`, `services`; errors as `{error: {message, code, errors}}`).
 */
export class FakePagerDuty extends FakePartner {
  readonly alerts = new Map<string, FakePdAlert>();
  readonly incidents: FakePdIncident[] = [];
  /** Escalation policy id → who is on call. */
  readonly onCall = new Map<string, { name: string; email: string; level: number }[]>();
  readonly services = new Map<string, { escalation_policy: string }>();

  protected route(r: PartnerRequest): PartnerReply {
    if (r.path === '/v2/enqueue' && r.method === 'POST') return this.enqueue(r.body);
    if (r.headers.authorization !== `Token token=${FAKE_PD_TOKEN}`) {
      return { status: 401, body: { error: { message: 'Authentication failed', code: 2006 } } };
    }
    if (r.method !== 'GET' && !r.headers.from) {
      return { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: ['A valid user must be provided in the From header.'] } } };
    }
    if (r.path === '/incidents' && r.method === 'POST') return this.createIncident(r.body);
    if (r.path === '/incidents' && r.method === 'GET') {
      const key = r.query.get('incident_key');
      return { status: 200, body: { incidents: this.incidents.filter((i) => !key || i.incident_key === key).map(view), limit: 25, offset: 0, more: false } };
    }
    const notes = /^\/incidents\/([^/]+)\/notes$/.exec(r.path);
    if (notes && r.method === 'POST') {
      const incident = this.incidents.find((i) => i.id === notes[1]);
      if (!incident) return notFound();
      incident.notes.push(r.body?.note?.content);
      return { status: 201, body: { note: { id: randomId(), content: r.body?.note?.content } } };
    }
    const one = /^\/incidents\/([^/]+)$/.exec(r.path);
    if (one && r.method === 'PUT') {
      const incident = this.incidents.find((i) => i.id === one[1]);
      if (!incident) return notFound();
      if (r.body?.incident?.status) incident.status = r.body.incident.status;
      return { status: 200, body: { incident: view(incident) } };
    }
    const service = /^\/services\/([^/]+)$/.exec(r.path);
    if (service && r.method === 'GET') {
      const found = this.services.get(service[1]!);
      return found ? { status: 200, body: { service: { id: service[1], type: 'service', escalation_policy: { id: found.escalation_policy, type: 'escalation_policy_reference' } } } } : notFound();
    }
    if (r.path === '/oncalls' && r.method === 'GET') {
      const policies = r.query.getAll('escalation_policy_ids[]');
      const oncalls = policies.flatMap((policy) =>
        (this.onCall.get(policy) ?? []).map((p) => ({
          escalation_policy: { id: policy, type: 'escalation_policy_reference' },
          escalation_level: p.level,
          user: r.query.getAll('include[]').includes('users') ? { id: randomId(), type: 'user', name: p.name, summary: p.name, email: p.email } : { id: randomId(), type: 'user_reference', summary: p.name },
        })),
      );
      return { status: 200, body: { oncalls, limit: 25, offset: 0, more: false } };
    }
    return notFound();
  }

  private enqueue(body: any): PartnerReply {
    const errors: string[] = [];
    if (typeof body?.routing_key !== 'string' || body.routing_key.length !== 32) errors.push("'routing_key' must be a 32 character integration key");
    if (!['trigger', 'acknowledge', 'resolve'].includes(body?.event_action)) errors.push("'event_action' is invalid");
    if (body?.event_action === 'trigger') {
      if (!body.payload?.summary) errors.push("'payload.summary' is missing or blank");
      if (!body.payload?.source) errors.push("'payload.source' is missing or blank");
      if (!['critical', 'error', 'warning', 'info'].includes(body.payload?.severity)) errors.push("'payload.severity' is invalid");
    } else if (!body?.dedup_key) errors.push("'dedup_key' is required for acknowledge and resolve");
    if (errors.length > 0) return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
    const dedupKey: string = body.dedup_key ?? randomUUID().replaceAll('-', '');
    const accepted: PartnerReply = { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
    const known = this.alerts.get(dedupKey);
    if (body.event_action === 'trigger') {
      const alert = known ?? { routing_key: body.routing_key, dedup_key: dedupKey, status: 'triggered' as const, triggers: [] as any[] };
      alert.status = 'triggered';
      alert.triggers.push(body);
      this.alerts.set(dedupKey, alert);
      return accepted;
    }
    // Accepted, but dropped: no open alert of that key, or sent through another routing key.
    if (known && known.status !== 'resolved' && known.routing_key === body.routing_key && body.event_action === 'resolve') known.status = 'resolved';
    return accepted;
  }

  private createIncident(body: any): PartnerReply {
    const incident = body?.incident;
    if (!incident?.title || !incident?.service?.id) {
      return { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Incident title and service are required.'] } } };
    }
    const open = this.incidents.find((i) => i.incident_key === incident.incident_key && i.service === incident.service.id && i.status !== 'resolved');
    if (incident.incident_key && open) {
      return { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Open incident with key matching dedup key already exists on this service'] } } };
    }
    const created: FakePdIncident = {
      id: randomId(),
      incident_key: incident.incident_key ?? randomUUID(),
      title: incident.title,
      status: 'triggered',
      urgency: incident.urgency ?? 'high',
      service: incident.service.id,
      escalation_policy: incident.escalation_policy?.id,
      notes: [],
    };
    this.incidents.push(created);
    return { status: 201, body: { incident: view(created) } };
  }
}

function view(i: FakePdIncident) {
  return {
    id: i.id,
    type: 'incident',
    title: i.title,
    status: i.status,
    urgency: i.urgency,
    incident_key: i.incident_key,
    html_url: `https://acme.pagerduty.com/incidents/${i.id}`,
    service: { id: i.service, type: 'service_reference' },
  };
}

function notFound(): PartnerReply {
  return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
}

function randomId(): string {
  return `Q${randomUUID().replaceAll('-', '').slice(0, 13).toUpperCase()}`;
}
