import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../../support/databases.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';

const TOKEN = 'example-token';
const HMAC = 'grafana-signing-secret';

function fixtureBody(name: string): string {
  return JSON.stringify((JSON.parse(readFileSync(new URL(`../../fixtures/alerts/${name}`, import.meta.url), 'utf8')) as { body: unknown }).body);
}

function processFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-alerts-'));
  const file = join(dir, 'sitrep.yaml');
  writeFileSync(
    file,
    [
      'severities: [{ id: sev1, update_every: 15m, major: true }, { id: sev2, update_every: 30m }, { id: sev3, update_every: 1h }]',
      'default_severity: sev3',
      'alerts:',
      '  triage_channel: C0TRIAGE',
      '  severity_map: { critical: sev1, error: sev2 }',
      '  routes:',
      '    - match: { severity: info }',
      '      ignore: true',
      '    - match: { service: "/pay.*/" }',
      '      ignore: true',
      '',
    ].join('\n'),
  );
  return file;
}

async function post(app: TestApp, path: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const response = await fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe.each(DATABASE_KINDS)('alerts in over HTTP on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { ALERT_WEBHOOK_TOKEN: TOKEN, ALERT_WEBHOOK_HMAC_SECRET: HMAC, SITREP_CONFIG: processFile() } });
    app.fake.addChannel({ id: 'C0TRIAGE', name: 'triage', botIsMember: true });
  });
  afterAll(async () => app?.stop());

  const db = () => app.sitrep.database.db;
  const incidents = () => db().selectFrom('incidents').select(['number', 'state', 'source', 'alert_key', 'title', 'severity', 'detected_at', 'declined_reason']).orderBy('number').execute();
  const alerts = (n: number) => db().selectFrom('alerts').select(['fingerprint', 'status', 'labels']).where('incident_number', '=', n).orderBy('fingerprint').execute();

  it('refuses wrong credentials, junk and oversized bodies, storing nothing', async () => {
    const body = fixtureBody('alertmanager-0.25.firing.json');
    expect((await post(app, '/hooks/alertmanager', body, {})).status).toBe(401);
    expect((await post(app, '/hooks/alertmanager', body, { authorization: 'Bearer wrong' })).status).toBe(401);
    const junk = await post(app, '/hooks/alertmanager', '{"hello":"world"}');
    expect(junk.status).toBe(400);
    expect(junk.json?.error).toMatch(/version: must be "4"/);
    expect((await post(app, '/hooks/generic', 'not json')).json).toEqual({ ok: false, error: 'the body is not JSON' });
    expect((await post(app, '/hooks/generic', JSON.stringify({ key: 'k', status: 'firing', title: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
    const get = await fetch(`${app.baseUrl}/hooks/alertmanager`);
    expect(get.status).toBe(405);
    expect(await incidents()).toEqual([]);
  });

  it('makes one triage incident per Alertmanager group; the grown group updates it; resolved before triage declines it', async () => {
    const first = await post(app, '/hooks/alertmanager', fixtureBody('alertmanager-0.25.firing.json'));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ ok: true, status: 'triage' });
    const key = first.json!.incident as string;
    const number = Number(key.replace('INC-', ''));
    expect(await post(app, '/hooks/alertmanager', fixtureBody('alertmanager-0.25.group-grew.json'))).toEqual({ status: 200, json: { ok: true, incident: key, status: 'triage' } });
    const [incident] = (await incidents()).filter((i) => i.number === number);
    expect(incident).toMatchObject({
      state: 'triage',
      source: 'alertmanager',
      alert_key: '{}:{alertname="CheckoutErrors", service="checkout"}',
      title: 'CheckoutErrors: 5xx above 5% on checkout',
      severity: 'sev1',
    });
    expect((await alerts(number)).map((a) => [a.fingerprint, a.status])).toEqual([
      ['4285c6bd2b42ee8d', 'firing'],
      ['7d9447b1c27fdaec', 'firing'],
    ]);
    expect(await post(app, '/hooks/alertmanager', fixtureBody('alertmanager-0.25.resolved.json'))).toEqual({ status: 200, json: { ok: true, incident: key, status: 'declined' } });
    const [declined] = (await incidents()).filter((i) => i.number === number);
    expect(declined).toMatchObject({ state: 'declined', declined_reason: 'resolved before triage' });
    // The group firing again after that is a new incident.
    const again = await post(app, '/hooks/alertmanager', fixtureBody('alertmanager-0.25.firing.json'));
    expect(again.json).toMatchObject({ ok: true, status: 'triage' });
    expect(again.json!.incident).not.toBe(key);
  });

  it("takes Grafana's payload with a basic-auth token or its signature", async () => {
    const body = fixtureBody('grafana.firing.json');
    const basic = `Basic ${Buffer.from(`grafana:${TOKEN}`).toString('base64')}`;
    const byToken = await post(app, '/hooks/grafana', body, { authorization: basic });
    expect(byToken.json).toMatchObject({ ok: true, status: 'triage' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', HMAC).update(`${timestamp}:${body}`).digest('hex');
    const bySignature = await post(app, '/hooks/grafana', body, { 'x-grafana-alerting-timestamp': timestamp, 'x-grafana-alerting-signature': signature });
    expect(bySignature.json).toEqual({ ok: true, incident: byToken.json!.incident, status: 'triage' });
    const tampered = await post(app, '/hooks/grafana', body.replace('blue', 'red'), { 'x-grafana-alerting-timestamp': timestamp, 'x-grafana-alerting-signature': signature });
    expect(tampered.status).toBe(401);
    // A signature is Grafana's way only.
    expect((await post(app, '/hooks/generic', body, { 'x-grafana-alerting-timestamp': timestamp, 'x-grafana-alerting-signature': signature })).status).toBe(401);
  });

  it('routes the generic body: ignored routes answer 200 and store nothing; the severity map applies', async () => {
    const before = (await incidents()).length;
    const ignored = await post(app, '/hooks/generic', JSON.stringify({ key: 'dd-1', status: 'firing', title: 'Disk 80%', severity: 'info' }));
    expect(ignored).toEqual({ status: 200, json: { ok: true, ignored: true } });
    const byRegex = await post(app, '/hooks/generic', JSON.stringify({ key: 'dd-2', status: 'firing', title: 'Card declines', labels: { service: 'payments' } }));
    expect(byRegex.json).toEqual({ ok: true, ignored: true });
    expect((await incidents()).length).toBe(before);
    const stored = await post(app, '/hooks/generic', JSON.stringify({ key: 'dd-3', status: 'firing', title: 'Checkout latency', severity: 'error', link: 'https://app.datadoghq.com/monitors/3' }));
    expect(stored.json).toMatchObject({ ok: true, status: 'triage' });
    const [incident] = (await incidents()).filter((i) => `INC-${i.number}` === stored.json!.incident);
    expect(incident).toMatchObject({ source: 'generic', alert_key: 'dd-3', title: 'Checkout latency', severity: 'sev2' });
  });

  it('posts one triage message in the triage channel and edits it in place as the group changes; no incident channel, no announcement', async () => {
    const key = `edit-${kind}`;
    const fire = (labels: Record<string, string>, status = 'firing') =>
      post(app, '/hooks/generic', JSON.stringify({ key, status, title: 'Queue backlog', severity: 'critical', link: 'https://grafana.example.com/d/queues', labels }));
    const first = await fire({ queue: 'orders' });
    const incident = first.json!.incident as string;
    const posted = await app.fake.waitFor('chat.postMessage', (args) => String(args.text).startsWith(`${incident} `), 10_000);
    expect(posted.args.channel).toBe('C0TRIAGE');
    const shown = JSON.stringify(posted.args.blocks);
    expect(shown).toContain('Queue backlog');
    expect(shown).toContain('Waiting in triage');
    expect(shown).toContain('`queue=orders`');
    expect(shown).toContain('<https://grafana.example.com/d/queues|source>');
    // A burst of re-notifications becomes at most one edit per window, of the same message.
    for (let i = 0; i < 5; i += 1) await fire({ queue: 'orders', attempt: String(i) });
    const edited = await app.fake.waitFor('chat.update', (args) => JSON.stringify(args.blocks).includes('attempt=4'), 15_000);
    expect(edited.args).toMatchObject({ channel: 'C0TRIAGE', ts: posted.args.ts ?? expect.any(String) });
    const ts = (await db().selectFrom('incidents').select('triage_ts').where('number', '=', Number(incident.slice(4))).executeTakeFirstOrThrow()).triage_ts;
    expect(edited.args.ts).toBe(ts);
    expect(app.fake.callsTo('chat.update').filter((c) => c.args.ts === ts).length).toBeLessThanOrEqual(2);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith(`${incident} `))).toHaveLength(1);
    expect(app.fake.callsTo('conversations.create')).toEqual([]);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('alerts in, two replicas on one Postgres', () => {
  const kind = 'postgres' as const;
  let database: TestDatabase;
  let fake: FakeSlack;
  let apps: TestApp[] = [];
  beforeAll(async () => {
    database = await freshDatabase(kind);
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await fake?.close();
    await database?.drop();
  });

  it('make one incident of the same group received by both at once', async () => {
    const env = { ALERT_WEBHOOK_TOKEN: TOKEN };
    apps = [await startTestApp(kind, { database, fake, env }), await startTestApp(kind, { database, fake, env })];
    for (let round = 0; round < 5; round += 1) {
      const body = JSON.stringify({ key: `race-${round}`, status: 'firing', title: `Race ${round}` });
      const answers = await Promise.all(apps.flatMap((app) => [post(app, '/hooks/generic', body), post(app, '/hooks/generic', body)]));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.json!.incident)).size).toBe(1);
    }
    const rows = await apps[0]!.sitrep.database.db.selectFrom('incidents').select(['alert_key']).where('source', '=', 'generic').execute();
    expect(rows.map((r) => r.alert_key).sort()).toEqual(['race-0', 'race-1', 'race-2', 'race-3', 'race-4']);
  });
});
