import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EffectFailure } from '../../src/effects/effect-dispatcher.js';
import { opsgeniePager } from '../../src/integrations/opsgenie/opsgenie-pager.js';
import type { PageRequest } from '../../src/integrations/pager.js';
import { pagerDutyPager } from '../../src/integrations/pagerduty/pagerduty-pager.js';
import { FAKE_OPSGENIE_KEY, FakeOpsgenie, OG_RATE_LIMITED } from '../support/fake-opsgenie.js';
import { FAKE_PD_TOKEN, FakePagerDuty, PD_RATE_LIMITED } from '../support/fake-pagerduty.js';

const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';

function page(dedupKey: string, summary = 'INC-7 Checkout down: payments failing'): PageRequest {
  return {
    dedupKey,
    summary,
    severity: 'critical',
    urgency: 'high',
    source: 'Sitrep (INC-7)',
    links: [{ href: 'https://acme.slack.com/archives/C0INC7', text: 'Incident channel' }],
    details: { incident: 'INC-7' },
  };
}

describe('PagerDuty and Opsgenie pagers against their fakes', () => {
  let pd: FakePagerDuty;
  let og: FakeOpsgenie;
  beforeAll(async () => {
    [pd, og] = await Promise.all([FakePagerDuty.start(), FakeOpsgenie.start()]);
  });
  afterAll(async () => {
    await Promise.all([pd?.close(), og?.close()]);
  });
  const pagerDuty = () => pagerDutyPager({ apiToken: FAKE_PD_TOKEN, from: 'sitrep@example.com', apiUrl: pd.url, eventsUrl: pd.url, timeoutMs: 2_000 });

  it('Events v2: triggers twice with one dedup key (one alert), then resolves it', async () => {
    const pager = pagerDuty();
    await pager.trigger({ routing_key: ROUTING_KEY }, page('sitrep-INC-7-payments'), undefined);
    await pager.trigger({ routing_key: ROUTING_KEY }, page('sitrep-INC-7-payments', 'INC-7 again'), undefined);
    expect(pd.alerts.size).toBe(1);
    const alert = pd.alerts.get('sitrep-INC-7-payments')!;
    expect(alert.triggers[0]).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'sitrep-INC-7-payments',
      payload: { summary: 'INC-7 Checkout down: payments failing', severity: 'critical', source: 'Sitrep (INC-7)' },
      links: [{ href: 'https://acme.slack.com/archives/C0INC7', text: 'Incident channel' }],
    });
    await pager.resolve({ routing_key: ROUTING_KEY }, { dedupKey: 'sitrep-INC-7-payments', ref: { id: null, url: null } });
    expect(alert.status).toBe('resolved');
  });

  it('REST: creates an incident with incident_key, From and urgency; a retry after a lost answer finds it; resolves it', async () => {
    const pager = pagerDuty();
    const target = { service: 'PSVC123', escalation_policy: 'PEP123' };
    const ref = await pager.trigger(target, page('sitrep-INC-8-platform'), undefined);
    expect(pd.incidents).toHaveLength(1);
    expect(pd.incidents[0]).toMatchObject({ id: ref.id, incident_key: 'sitrep-INC-8-platform', urgency: 'high', service: 'PSVC123', escalation_policy: 'PEP123' });
    expect(pd.server.requestsTo('POST', '/incidents')[0]!.headers.from).toBe('sitrep@example.com');
    // The first answer was lost: the retry meets PagerDuty's refusal and finds the incident made.
    const again = await pager.trigger(target, page('sitrep-INC-8-platform'), undefined);
    expect(again.id).toBe(ref.id);
    expect(pd.incidents).toHaveLength(1);
    await pager.trigger(target, page('sitrep-INC-8-platform', 'More people needed'), ref);
    expect(pd.incidents[0]!.notes).toEqual(['More people needed']);
    await pager.resolve(target, { dedupKey: 'sitrep-INC-8-platform', ref });
    expect(pd.incidents[0]!.status).toBe('resolved');
  });

  it('honours a 429 with Retry-After, retries a 5xx, gives up on a bad request', async () => {
    const pager = pagerDuty();
    pd.server.failNext('/v2/enqueue', { status: 429, headers: { 'retry-after': '7' }, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' } });
    const limited = await pager.trigger({ routing_key: ROUTING_KEY }, page('k1'), undefined).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(EffectFailure);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
    pd.server.failNext('/v2/enqueue', { status: 503, body: {} });
    expect(await pager.trigger({ routing_key: ROUTING_KEY }, page('k1'), undefined).catch((e: unknown) => e)).toMatchObject({ retryable: true });
    const bad = await pager.trigger({ routing_key: 'short' }, page('k1'), undefined).catch((e: unknown) => e);
    expect(bad).toMatchObject({ retryable: false, message: expect.stringContaining("'routing_key' must be a 32 character integration key") });
  });

  it("waits out PagerDuty REST's 429 for its ratelimit-reset, the Events API's and Opsgenie's 429 for a default while", async () => {
    const target = { service: 'PSVC123', escalation_policy: 'PEP123' };
    pd.server.failNext('/incidents', PD_RATE_LIMITED.rest(20));
    expect(await pagerDuty().trigger(target, page('sitrep-INC-10-platform'), undefined).catch((e: unknown) => e)).toMatchObject({ retryable: true, retryAfterMs: 20_000 });
    pd.server.failNext('/v2/enqueue', PD_RATE_LIMITED.events);
    expect(await pagerDuty().trigger({ routing_key: ROUTING_KEY }, page('k2'), undefined).catch((e: unknown) => e)).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    og.server.failNext('/v2/alerts', OG_RATE_LIMITED);
    const opsgenie = opsgeniePager({ apiKey: FAKE_OPSGENIE_KEY, apiUrl: og.url, timeoutMs: 2_000 });
    expect(await opsgenie.trigger({ responders: [{ type: 'team', name: 'dba' }] }, page('k3'), undefined).catch((e: unknown) => e)).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    expect(og.alerts.has('k3')).toBe(false);
  });

  it('Opsgenie refuses a responder without a name with 422: not retried', async () => {
    const opsgenie = opsgeniePager({ apiKey: FAKE_OPSGENIE_KEY, apiUrl: og.url, timeoutMs: 2_000 });
    const refused = await opsgenie.trigger({ responders: [{ type: 'team' }] }, page('k4'), undefined).catch((e: unknown) => e);
    expect(refused).toMatchObject({ retryable: false, message: expect.stringContaining('Opsgenie answered 422') });
  });

  it('who is on call: PagerDuty /oncalls for the escalation policy, Opsgenie schedule on-calls', async () => {
    pd.onCall.set('PEP123', [{ name: 'Dana Ops', email: 'dana@example.com', level: 1 }]);
    expect(await pagerDuty().onCall({ service: 'PSVC123', escalation_policy: 'PEP123' })).toEqual([{ name: 'Dana Ops', email: 'dana@example.com', detail: 'level 1' }]);
    og.schedules.set('dba_schedule', ['lee@example.com']);
    const pager = opsgeniePager({ apiKey: FAKE_OPSGENIE_KEY, apiUrl: og.url, timeoutMs: 2_000 });
    expect(await pager.onCall({ responders: [{ type: 'team', name: 'dba' }], schedule: 'dba_schedule' })).toEqual([{ name: 'lee@example.com', email: 'lee@example.com', detail: 'dba_schedule' }]);
  });

  it('Opsgenie: creates an alert with alias, responders and priority, deduplicated, closed by alias', async () => {
    const pager = opsgeniePager({ apiKey: FAKE_OPSGENIE_KEY, apiUrl: og.url, timeoutMs: 2_000 });
    const target = { responders: [{ type: 'team' as const, name: 'dba' }] };
    await pager.trigger(target, page('sitrep-INC-9-dba'), undefined);
    await pager.trigger(target, page('sitrep-INC-9-dba'), undefined);
    expect(og.alerts.get('sitrep-INC-9-dba')).toMatchObject({ priority: 'P1', responders: [{ type: 'team', name: 'dba' }], status: 'open', count: 2 });
    await pager.resolve(target, { dedupKey: 'sitrep-INC-9-dba', ref: { id: null, url: null } });
    expect(og.alerts.get('sitrep-INC-9-dba')!.status).toBe('closed');
    expect(og.server.requestsTo('POST', '/v2/alerts/sitrep-INC-9-dba/close')[0]!.query.get('identifierType')).toBe('alias');
    const wrongKey = opsgeniePager({ apiKey: 'nope', apiUrl: og.url, timeoutMs: 2_000 });
    expect(await wrongKey.trigger(target, page('x'), undefined).catch((e: unknown) => e)).toMatchObject({ retryable: false, message: 'Opsgenie answered 401: Could not authenticate' });
  });
});
