import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueuePage } from '../../src/paging/enqueue-page.js';
import { withIncidentLocked } from '../../src/usecases/load-incident.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { FAKE_OPSGENIE_KEY, FakeOpsgenie } from '../support/fake-opsgenie.js';
import { FAKE_PD_TOKEN, FakePagerDuty } from '../support/fake-pagerduty.js';
import { plainText, staticSelect } from '../support/slack-requests.js';
import { answerTo, cardText, commandIn, declare, declarePrivate, INCIDENTS_CHANNEL, postIn, timelineOf, timelineWith } from './responder-support.js';

export const PAYMENTS_KEY = 'Rpay0123456789abcdef0123456789ab';

/** A process file with three targets: an Events v2 key, a REST service, an Opsgenie team. */
export function pagingProcessFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-paging-'));
  const file = join(dir, 'sitrep.yaml');
  writeFileSync(
    file,
    `severities:
  - { id: sev1, label: SEV1, update_every: 15m, major: true }
  - { id: sev2, label: SEV2, update_every: 30m, major: true }
  - { id: sev3, label: SEV3, update_every: 1h }
  - { id: sev4, label: SEV4, update_every: 4h }
default_severity: sev3
paging:
  targets:
    payments: { pagerduty: { routing_key: "\${PD_PAYMENTS_KEY}" } }
    platform: { pagerduty: { service: PSVC123, escalation_policy: PEP123 } }
    dba: { opsgenie: { responders: [{ type: team, name: dba }], schedule: dba_schedule } }
    security: { pagerduty: { routing_key: "\${PD_PAYMENTS_KEY}" }, include_title: true }
rules:
  - { name: sev1-page, when: { event: severity_raised, severity: [sev1] }, do: [{ page: { target: payments } }] }
`,
  );
  return file;
}

export async function startPagingApp(kind: (typeof DATABASE_KINDS)[number], pd: FakePagerDuty, og: FakeOpsgenie): Promise<TestApp> {
  process.env.PD_PAYMENTS_KEY = PAYMENTS_KEY;
  const app = await startTestApp(kind, {
    env: {
      INCIDENTS_CHANNEL,
      SITREP_CONFIG: pagingProcessFile(),
      PAGERDUTY_API_TOKEN: FAKE_PD_TOKEN,
      PAGERDUTY_FROM: 'sitrep@example.com',
      PAGERDUTY_API_URL: pd.url,
      PAGERDUTY_EVENTS_URL: pd.url,
      PAGERDUTY_WEBHOOK_SECRET: 'whsec-one',
      OPSGENIE_API_KEY: FAKE_OPSGENIE_KEY,
      OPSGENIE_API_URL: og.url,
    },
    effectBackoffMs: () => 20,
  });
  app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob']]) app.fake.addUser({ id: id!, name: name! });
  return app;
}

/** A PagerDuty v3 webhook about a REST incident, as PagerDuty sends it. */
function pdEvent(type: string, at: Date, incident: { id: string; incident_key: string; title: string }): string {
  return JSON.stringify({
    event: {
      id: '01DEN3RMR8XAQDW0ZJ4HHQ5ULQ',
      event_type: type,
      resource_type: 'incident',
      occurred_at: at.toISOString(),
      agent: { html_url: 'https://acme.pagerduty.com/users/PLH1HKV', id: 'PLH1HKV', self: 'https://api.pagerduty.com/users/PLH1HKV', summary: 'Dana Ops', type: 'user_reference' },
      client: null,
      data: { id: incident.id, type: 'incident', number: 2, status: type.split('.')[1], incident_key: incident.incident_key, title: incident.title },
    },
  });
}

const pdSignature = (secret: string, body: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

function postPdHook(app: TestApp, body: string, signature: string | undefined) {
  return fetch(`${app.baseUrl}/hooks/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-pagerduty-signature': signature } : {}) }, body });
}

/** One sample of GET /metrics, 0 when absent. */
async function metric(app: TestApp, series: string): Promise<number> {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function pageRows(app: TestApp, number: number) {
  return app.sitrep.ctx.db.selectFrom('pages').selectAll().where('incident_number', '=', number).orderBy('id').execute();
}

describe.each(DATABASE_KINDS)('paging PagerDuty and Opsgenie on %s', (kind) => {
  let app: TestApp;
  let pd: FakePagerDuty;
  let og: FakeOpsgenie;
  beforeAll(async () => {
    [pd, og] = await Promise.all([FakePagerDuty.start(), FakeOpsgenie.start()]);
    app = await startPagingApp(kind, pd, og);
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([pd?.close(), og?.close()]);
  });

  it('pages from the command once per target: dedup key, summary, severity, channel link; paging again updates it', async () => {
    const incident = await declare(app, 'declare sev2 Checkout failing');
    const key = `sitrep-INC-${incident.number}-payments`;
    const answer = await answerTo(app, 'page payments Card payments fail at 40%', { channelId: incident.channelId, userId: 'UALICE' });
    expect(answer).toMatchObject({ response_type: 'in_channel', text: `:pager: <@UALICE> paged *payments* in PagerDuty for INC-${incident.number}: Card payments fail at 40%` });
    const alert = await eventually(() => pd.alerts.get(key), 10_000, 'the page at PagerDuty');
    expect(alert.triggers[0]).toMatchObject({
      routing_key: PAYMENTS_KEY,
      event_action: 'trigger',
      dedup_key: key,
      payload: {
        summary: `INC-${incident.number} [SEV2] Checkout failing: Card payments fail at 40%`,
        severity: 'error',
        source: `Sitrep (INC-${incident.number})`,
        custom_details: { incident: `INC-${incident.number}`, severity: 'SEV2', state: 'investigating', channel: `https://sitrep-test.slack.com/archives/${incident.channelId}` },
      },
      links: [{ href: `https://sitrep-test.slack.com/archives/${incident.channelId}`, text: `INC-${incident.number} incident channel` }],
    });
    await eventually(async () => (await pageRows(app, incident.number))[0]?.status === 'triggered', 10_000, 'the page recorded sent');

    await commandIn(app, incident, 'page payments Still failing');
    await eventually(() => alert.triggers.length === 2, 10_000, 'the second trigger');
    expect(pd.alerts.size).toBe(1);
    expect(alert.triggers[1].payload.summary).toContain('Still failing');
    const rows = await pageRows(app, incident.number);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target: 'payments', provider: 'pagerduty', dedup_key: key, message: 'Still failing', triggered_by: 'UALICE' });
    const entries = await timelineWith(app, incident.number, 'page', 2);
    expect(entries.filter((e) => e.kind === 'page').map((e) => e.text)).toEqual(['Paged payments (PagerDuty): Card payments fail at 40%', 'Paged payments again (PagerDuty): Still failing']);
  });

  it('pages from the form (REST service, low urgency), and resolving the incident resolves every open page', async () => {
    const incident = await declare(app, 'declare sev1 Database down');
    const reply = await commandIn(app, incident, 'page');
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === reply.triggerId);
    await app.slack.viewSubmission(app.fake.views.get(opened.response.view.id), {
      page_target: { target: staticSelect('platform') },
      page_message: { message: plainText('Primary is gone') },
      page_urgency: { urgency: staticSelect('low') },
    });
    await postIn(app, incident.channelId, /paged \*platform\*/);
    const made = await eventually(() => pd.incidents.find((i) => i.incident_key === `sitrep-INC-${incident.number}-platform`), 10_000, 'the REST incident');
    expect(made).toMatchObject({ title: `INC-${incident.number} [SEV1] Database down: Primary is gone`, urgency: 'low', service: 'PSVC123', escalation_policy: 'PEP123', status: 'triggered' });
    await commandIn(app, incident, 'page dba');
    await eventually(() => og.alerts.get(`sitrep-INC-${incident.number}-dba`), 10_000, 'the Opsgenie alert');
    expect(og.alerts.get(`sitrep-INC-${incident.number}-dba`)).toMatchObject({
      message: `INC-${incident.number} [SEV1] Database down`,
      priority: 'P1',
      responders: [{ type: 'team', name: 'dba' }],
      status: 'open',
    });
    await eventually(async () => (await pageRows(app, incident.number)).every((p) => p.status === 'triggered'), 10_000, 'both pages sent');

    await commandIn(app, incident, 'resolve Failed over');
    await eventually(() => made.status === 'resolved', 10_000, 'the REST incident resolved');
    await eventually(() => og.alerts.get(`sitrep-INC-${incident.number}-dba`)!.status === 'closed', 10_000, 'the Opsgenie alert closed');
    await eventually(async () => (await pageRows(app, incident.number)).every((p) => p.status === 'resolved' && p.resolved_at), 10_000, 'pages resolved');
    expect(pd.server.requestsTo('PUT', `/incidents/${made.id}`)[0]!.headers.from).toBe('sitrep@example.com');
  });

  it('pages from a rule when the severity is raised: one page with the dedup key, on the timeline', async () => {
    const incident = await declare(app, 'declare sev3 Card declines rising');
    await commandIn(app, incident, 'severity sev1');
    const key = `sitrep-INC-${incident.number}-payments`;
    const alert = await eventually(() => pd.alerts.get(key), 10_000, 'the page the rule owes');
    expect(alert.triggers[0]).toMatchObject({ event_action: 'trigger', dedup_key: key, payload: { severity: 'critical' } });
    await timelineWith(app, incident.number, 'rule_ran');
    await eventually(async () => (await pageRows(app, incident.number))[0]?.status === 'triggered', 10_000, 'the page recorded sent');
    expect(alert.triggers).toHaveLength(1);
    expect(await pageRows(app, incident.number)).toHaveLength(1);

    // The replica that ran the rule died before recording it done: its claim lapses and the rule runs again.
    const db = app.sitrep.ctx.db;
    const ruleEffect = await db.selectFrom('effects').select(['id', 'attempts']).where('incident_number', '=', incident.number).where('kind', '=', 'process.page').executeTakeFirstOrThrow();
    await db.updateTable('effects').set({ state: 'pending', claim_token: null, claimed_until: null, run_after: new Date(0) }).where('id', '=', ruleEffect.id).execute();
    app.sitrep.ctx.effects.poke();
    await eventually(async () => (await db.selectFrom('effects').select(['state', 'attempts']).where('id', '=', ruleEffect.id).executeTakeFirstOrThrow()).state === 'done', 10_000, 'the rule run again');
    const ruled = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'rule_ran' || e.kind === 'page');
    expect(ruled.map((e) => e.text)).toEqual([expect.stringMatching(/^Paged payments \(PagerDuty\)/), 'Rule sev1-page paged payments']);
    expect(await pageRows(app, incident.number)).toHaveLength(1);
    expect(alert.triggers).toHaveLength(1);
  });

  it.runIf(kind === 'postgres')('stores a sent page only while holding its incident, as every change does (a resolve storing at that moment cannot deadlock with it)', async () => {
    const incident = await declare(app, 'declare sev3 Lock order');
    const db = app.sitrep.ctx.db;
    const answer = pd.server.holdNext('/v2/enqueue');
    await commandIn(app, incident, 'page payments');
    await eventually(() => pd.server.requestsTo('POST', '/v2/enqueue').some((r) => r.body.dedup_key === `sitrep-INC-${incident.number}-payments`), 10_000, 'the trigger sent');
    // A resolve under way holds the incident's row while PagerDuty's answer arrives, then stores its pages.
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const change = withIncidentLocked(db, incident.number, async (trx) => {
      holding();
      await finished;
      await trx.updateTable('pages').set({ updated_at: new Date() }).where('incident_number', '=', incident.number).execute();
    });
    await held;
    answer();
    await eventually(async () => {
      const { rows } = await sql<{ waiting: number }>`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      return rows[0]!.waiting > 0;
    }, 10_000, 'the page state waiting for the incident');
    expect((await pageRows(app, incident.number)).map((p) => p.status)).toEqual(['triggering']);
    finish();
    // Neither is ended as a deadlock: the resolve stores, then the page state does, on its first try.
    await change;
    await eventually(async () => (await pageRows(app, incident.number))[0]?.status === 'triggered', 10_000, 'the page stored as triggered');
    // The page state is stored by the effect's run; the run is marked finished just after.
    const pageEffect = await eventually(async () => {
      const [row] = await db.selectFrom('effects').select(['state', 'attempts']).where('incident_number', '=', incident.number).where('kind', '=', 'page').execute();
      return row && row.state !== 'pending' ? row : undefined;
    }, 10_000, 'the page effect finished');
    expect(pageEffect).toEqual({ state: 'done', attempts: 1 });
    expect(pd.server.requestsTo('POST', '/v2/enqueue').filter((r) => r.body.dedup_key === `sitrep-INC-${incident.number}-payments`)).toHaveLength(1);
  });

  it('sends resolve for an Events v2 page; reopening does not page again', async () => {
    const incident = await declare(app, 'declare sev3 Slow search');
    await commandIn(app, incident, 'page payments');
    const key = `sitrep-INC-${incident.number}-payments`;
    await eventually(() => pd.alerts.get(key), 10_000, 'the alert');
    await commandIn(app, incident, 'resolve');
    await eventually(() => pd.alerts.get(key)!.status === 'resolved', 10_000, 'the resolve event');
    const resolves = pd.server.requestsTo('POST', '/v2/enqueue').filter((r) => r.body.dedup_key === key && r.body.event_action === 'resolve');
    expect(resolves).toHaveLength(1);
    await commandIn(app, incident, 'reopen');
    await postIn(app, incident.channelId, /reopened/i);
    expect(pd.alerts.get(key)!.triggers).toHaveLength(1);
  });

  it("does not send a private incident's title, unless the target says include_title", async () => {
    const incident = await declarePrivate(app, 'Leaked credentials', 'UALICE', 'sev1');
    await commandIn(app, incident, 'page payments');
    await commandIn(app, incident, 'page security');
    const hidden = await eventually(() => pd.alerts.get(`sitrep-INC-${incident.number}-payments`), 10_000, 'the page');
    const shown = await eventually(() => pd.alerts.get(`sitrep-INC-${incident.number}-security`), 10_000, 'the page');
    expect(hidden.triggers[0].payload.summary).toBe(`INC-${incident.number} [SEV1] private incident`);
    expect(shown.triggers[0].payload.summary).toBe(`INC-${incident.number} [SEV1] Leaked credentials`);
  });

  it('retries a failing page (429 with Retry-After, 5xx), then reports it in the channel when it never goes', async () => {
    const incident = await declare(app, 'declare sev2 Queue backlog');
    const key = `sitrep-INC-${incident.number}-payments`;
    pd.server.failNext('/v2/enqueue', { status: 429, headers: { 'retry-after': '0' }, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' } });
    pd.server.failNext('/v2/enqueue', { status: 502, body: {} });
    await commandIn(app, incident, 'page payments');
    await eventually(() => pd.alerts.get(key), 10_000, 'the page after two failures');

    const other = await declare(app, 'declare sev2 Disk full');
    const gaveUp = 'sitrep_pages_total{provider="pagerduty",action="trigger",outcome="gave_up"}';
    const gaveUpBefore = await metric(app, gaveUp);
    pd.server.failNext('/v2/enqueue', { status: 500, body: { status: 'error', message: 'Internal error' } }, 6);
    await commandIn(app, other, 'page payments');
    const report = await postIn(app, other.channelId, /could not page/);
    expect(report.args.text).toBe(`:warning: INC-${other.number}: Sitrep could not page *payments* in PagerDuty (PagerDuty answered 500: Internal error). Page them directly, or try \`/incident page payments\` again.`);
    expect((await pageRows(app, other.number))[0]).toMatchObject({ status: 'failed', last_error: 'PagerDuty answered 500: Internal error' });
    expect(await metric(app, gaveUp)).toBe(gaveUpBefore + 1);
  });

  it('refuses an unknown target, naming the ones there are', async () => {
    const incident = await declare(app, 'declare sev3 Something odd');
    const answer = await answerTo(app, 'page nobody', { channelId: incident.channelId });
    expect(answer.text).toBe(':information_source: There is no paging target "nobody". Targets: `payments`, `platform`, `dba`, `security`.');
    expect(await pageRows(app, incident.number)).toEqual([]);
  });

  it('pages through enqueuePage inside a transaction (what rules call), once per target', async () => {
    const incident = await declare(app, 'declare sev1 Everything down');
    const ctx = app.sitrep.ctx;
    for (const message of ['Rule: sev1 paging', 'Rule: sev1 paging']) {
      await withIncidentLocked(ctx.db, incident.number, (trx, locked) => enqueuePage(trx, ctx, locked, 'dba', message, null));
      ctx.effects.poke();
    }
    await eventually(() => og.alerts.get(`sitrep-INC-${incident.number}-dba`)?.count === 2, 10_000, 'the alert, deduplicated');
    expect(await pageRows(app, incident.number)).toHaveLength(1);
  });

  it('says who is on call per target, cached about a minute', async () => {
    pd.onCall.set('PEP123', [{ name: 'Dana Ops', email: 'dana@example.com', level: 1 }]);
    og.schedules.set('dba_schedule', ['lee@example.com']);
    const answer = await answerTo(app, 'oncall', { channelId: 'C0GENERAL' });
    expect(answer.text).toBe(
      [
        ':telephone_receiver: On call now:',
        '• *payments*: unknown (this target has only an Events API routing key: add its service to sitrep.yaml to see who is on call)',
        '• *platform*: Dana Ops (level 1)',
        '• *dba*: lee@example.com (dba_schedule)',
        '• *security*: unknown (this target has only an Events API routing key: add its service to sitrep.yaml to see who is on call)',
      ].join('\n'),
    );
    const asked = pd.server.requestsTo('GET', '/oncalls').length;
    expect((await answerTo(app, 'oncall platform', { channelId: 'C0GENERAL' })).text).toBe(':telephone_receiver: On call now:\n• *platform*: Dana Ops (level 1)');
    expect(pd.server.requestsTo('GET', '/oncalls')).toHaveLength(asked);
  });

  it('takes PagerDuty webhooks: acknowledged on the timeline and as the milestone; resolved recorded only; bad, missing or old signatures 401', async () => {
    const incident = await declare(app, 'declare sev2 Login errors');
    await commandIn(app, incident, 'page platform');
    const made = await eventually(() => pd.incidents.find((i) => i.incident_key === `sitrep-INC-${incident.number}-platform`), 10_000, 'the REST incident');
    await eventually(async () => (await pageRows(app, incident.number))[0]?.provider_id === made.id, 10_000, 'the page sent');
    const event = (type: string, at: string) => pdEvent(type, new Date(at), made);
    const sign = pdSignature;
    const post = (body: string, signature: string | undefined) => postPdHook(app, body, signature);

    // PagerDuty's clock: a minute after the page, then another.
    const ackAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    const acked = event('incident.acknowledged', ackAt.toISOString());
    expect((await post(acked, undefined)).status).toBe(401);
    expect((await post(acked, sign('wrong-secret', acked))).status).toBe(401);
    expect((await post(acked, `${sign('old-secret', acked)},${sign('whsec-one', acked)}`)).status).toBe(200);
    // Delivered twice: recorded once.
    expect((await post(acked, sign('whsec-one', acked))).status).toBe(200);
    const row = await app.sitrep.ctx.db.selectFrom('incidents').select('acknowledged_at').where('number', '=', incident.number).executeTakeFirstOrThrow();
    expect(row.acknowledged_at).toEqual(ackAt);
    expect((await pageRows(app, incident.number))[0]).toMatchObject({ status: 'acknowledged', acknowledged_by: 'Dana Ops' });

    const resolved = event('incident.resolved', new Date(ackAt.getTime() + 60_000).toISOString());
    expect((await post(resolved, sign('whsec-one', resolved))).status).toBe(200);
    const entries = (await timelineWith(app, incident.number, 'page', 3)).filter((e) => e.kind === 'page').map((e) => e.text);
    expect(entries).toEqual(['Paged platform (PagerDuty)', 'platform: acknowledged by Dana Ops in PagerDuty', 'platform: resolved by Dana Ops in PagerDuty']);
    // Resolved on PagerDuty's side is recorded, not mirrored: the incident stays open.
    expect((await app.sitrep.ctx.db.selectFrom('incidents').select('state').where('number', '=', incident.number).executeTakeFirstOrThrow()).state).toBe('investigating');
    expect((await post('x'.repeat(300 * 1024), sign('whsec-one', 'x'))).status).toBe(413);

    const info = await answerTo(app, 'info', { channelId: incident.channelId });
    expect(JSON.stringify(info.blocks)).toContain('*Paged* platform (PagerDuty): acknowledged by Dana Ops');

    // Time to acknowledge: a column of /incident stats, and a measure of the retrospective.
    const stats = await answerTo(app, 'stats', { channelId: 'C0GENERAL' });
    expect(stats.text).toContain('Median TTA');
    // The SEV2 row's last cell (TTA): a duration, this incident's acknowledgement a minute after its page.
    const sev2 = stats.text.split('\n').find((line) => line.startsWith('SEV2'));
    expect(sev2?.trim().split(/\s{2,}/).at(-1)).toMatch(/^\d+[smhd]/);
    await commandIn(app, incident, 'resolve');
    await commandIn(app, incident, 'close');
    const retro = await eventually(
      () => app.sitrep.ctx.db.selectFrom('retrospectives').select('markdown').where('incident_number', '=', incident.number).executeTakeFirst(),
      10_000,
      'the retrospective',
    );
    expect(retro.markdown).toMatch(/\| Time to acknowledge \| declared → acknowledged \| \S/);
    expect(retro.markdown).toContain('| Acknowledged |');
  });
  it('shows the pages on the card while the incident is open: who paged, who acknowledged; counted on /metrics', async () => {
    const incident = await declare(app, 'declare sev2 Search is slow');
    const acksBefore = await metric(app, 'sitrep_page_acknowledgements_total{provider="pagerduty"}');
    const sentBefore = await metric(app, 'sitrep_pages_total{provider="pagerduty",action="trigger",outcome="sent"}');
    await commandIn(app, incident, 'page platform Index rebuild stuck');
    const made = await eventually(() => pd.incidents.find((i) => i.incident_key === `sitrep-INC-${incident.number}-platform`), 10_000, 'the REST incident');
    await eventually(() => cardText(app, incident).includes('*Paged* platform (PagerDuty): triggered by <@UALICE>'), 10_000, 'the page on the card');
    expect(await metric(app, 'sitrep_pages_total{provider="pagerduty",action="trigger",outcome="sent"}')).toBe(sentBefore + 1);

    const acked = pdEvent('incident.acknowledged', new Date(Date.now() + 60_000), made);
    expect((await postPdHook(app, acked, pdSignature('whsec-one', acked))).status).toBe(200);
    await eventually(() => cardText(app, incident).includes('*Paged* platform (PagerDuty): acknowledged by Dana Ops'), 10_000, 'the acknowledgement on the card');
    expect(await metric(app, 'sitrep_page_acknowledgements_total{provider="pagerduty"}')).toBe(acksBefore + 1);

    await commandIn(app, incident, 'resolve');
    await eventually(() => made.status === 'resolved', 10_000, 'the page resolved');
    await eventually(async () => (await pageRows(app, incident.number))[0]?.status === 'resolved', 10_000, 'the page recorded resolved');
    // The card re-rendered for the resolve (its state field says so): then the pages are gone from it.
    await eventually(() => /\*State\*\\nresolved/.test(cardText(app, incident)), 10_000, 'the card of the resolved incident');
    expect(cardText(app, incident)).not.toContain('Paged');
  });

  it("posts the page form's confirmation through the effect queue: once, even when Slack's first answer is lost", async () => {
    const incident = await declare(app, 'declare sev2 Replication lag');
    const reply = await commandIn(app, incident, 'page');
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === reply.triggerId);
    // Slack posts the message, then the answer is lost: the retry finds the post instead of posting again.
    app.fake.failNext('chat.postMessage', { status: 500, afterWrite: true });
    await app.slack.viewSubmission(app.fake.views.get(opened.response.view.id), {
      page_target: { target: staticSelect('dba') },
      page_message: { message: plainText('Lag at 20 minutes') },
      page_urgency: { urgency: staticSelect('high') },
    });
    await eventually(() => og.alerts.get(`sitrep-INC-${incident.number}-dba`), 10_000, 'the Opsgenie alert');
    // The timeline's page entry links to the confirmation once it is posted: then it is all there is.
    const entry = await eventually(
      async () => (await timelineOf(app, incident.number)).find((e) => e.kind === 'page' && e.message_ts),
      10_000,
      'the page entry linked to its post',
    );
    const posts = app.fake.messages(incident.channelId).filter((m) => /paged \*dba\*/.test(String(m.text)));
    expect(posts.map((m) => m.text)).toEqual([`:pager: <@UTESTER> paged *dba* in Opsgenie for INC-${incident.number}: Lag at 20 minutes`]);
    expect(entry.message_ts).toBe(posts[0]!.ts);
    // Linked on the timeline just before the effect is recorded done: wait for that, then it ran twice.
    const notice = await eventually(
      async () => {
        const rows = await app.sitrep.ctx.db.selectFrom('effects').select(['state', 'attempts']).where('kind', '=', 'incident.page_posted').where('incident_number', '=', incident.number).execute();
        return rows.every((r) => r.state === 'done') ? rows : undefined;
      },
      10_000,
      'the confirmation effect done',
    );
    expect(notice).toEqual([{ state: 'done', attempts: 2 }]);
  });

  it('counts a page that fails and is retried on /metrics (Opsgenie 503, then sent)', async () => {
    const incident = await declare(app, 'declare sev3 Cache misses');
    const series = (outcome: string) => `sitrep_pages_total{provider="opsgenie",action="trigger",outcome="${outcome}"}`;
    const [failedBefore, sentBefore] = [await metric(app, series('failed')), await metric(app, series('sent'))];
    og.server.failNext('/v2/alerts', { status: 503, body: { message: 'Service unavailable', took: 0.001, requestId: 'r-503' } });
    await commandIn(app, incident, 'page dba');
    await eventually(async () => (await pageRows(app, incident.number))[0]?.status === 'triggered', 10_000, 'the page sent after a retry');
    expect(await metric(app, series('failed'))).toBe(failedBefore + 1);
    expect(await metric(app, series('sent'))).toBe(sentBefore + 1);
  });
  it('records an acknowledgement of an Events v2 page: PagerDuty names its incident by the dedup key', async () => {
    const incident = await declare(app, 'declare sev2 Webhooks delayed');
    await commandIn(app, incident, 'page payments');
    const key = `sitrep-INC-${incident.number}-payments`;
    await eventually(async () => (await pageRows(app, incident.number))[0]?.status === 'triggered', 10_000, 'the page sent');
    // An Events v2 alert's incident has an id Sitrep never saw; its incident_key is the dedup key.
    const acked = pdEvent('incident.acknowledged', new Date(Date.now() + 30_000), { id: 'PNEVERSEEN', incident_key: key, title: 'INC' });
    expect((await postPdHook(app, acked, pdSignature('whsec-one', acked))).status).toBe(200);
    const entries = await timelineWith(app, incident.number, 'page', 2);
    expect(entries.filter((e) => e.kind === 'page').map((e) => e.text)).toEqual(['Paged payments (PagerDuty)', 'payments: acknowledged by Dana Ops in PagerDuty']);
    expect((await pageRows(app, incident.number))[0]).toMatchObject({ status: 'acknowledged', acknowledged_by: 'Dana Ops' });
  });
});
