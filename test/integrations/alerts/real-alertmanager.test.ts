import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../../support/app-harness.js';

// Debian's prometheus-alertmanager (0.25, with amtool); .ci/run installs it. Never faked: absent, skipped.
const binary = spawnSync('sh', ['-c', 'command -v prometheus-alertmanager'], { encoding: 'utf8' }).stdout.trim();
const amtool = spawnSync('sh', ['-c', 'command -v amtool'], { encoding: 'utf8' }).stdout.trim();
const present = Boolean(binary && amtool);
if (!present) console.warn('real Alertmanager test skipped: prometheus-alertmanager and amtool are not installed (apt-get install -y prometheus-alertmanager)');

const TOKEN = 'alertmanager-test-token';
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(present)('a real Alertmanager firing at Sitrep', () => {
  let app: TestApp;
  let alertmanager: ChildProcess;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', { env: { ALERT_WEBHOOK_TOKEN: TOKEN, INCIDENTS_CHANNEL: 'C0TRIAGE' } });
    app.fake.addChannel({ id: 'C0TRIAGE', name: 'triage', botIsMember: true });
    app.fake.addUser({ id: 'UONCALL', name: 'oncall' });
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-alertmanager-'));
    const config = join(dir, 'alertmanager.yml');
    writeFileSync(
      config,
      [
        'route: { receiver: sitrep, group_by: [alertname, service], group_wait: 1s, group_interval: 2s, repeat_interval: 1h }',
        'receivers:',
        '  - name: sitrep',
        '    webhook_configs:',
        `      - url: ${app.baseUrl}/hooks/alertmanager`,
        '        send_resolved: true',
        `        http_config: { authorization: { type: Bearer, credentials: ${TOKEN} } }`,
        '',
      ].join('\n'),
    );
    // The free port can be taken by another process before Alertmanager binds it: then it exits,
    // saying so on stderr, and is started again on another port.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const started = spawn(binary, [`--config.file=${config}`, `--storage.path=${join(dir, `data-${attempt}`)}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'ignore', 'pipe'] });
      alertmanager = started;
      let stderr = '';
      started.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let exited = false;
      started.once('exit', () => (exited = true));
      const ready = await eventually(async () => exited || (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok, 30_000, 'Alertmanager ready').catch((error: Error) => error);
      if (ready === true && !exited) break;
      started.kill();
      if (attempt === 3) throw new Error(`Alertmanager did not start: ${ready instanceof Error ? ready.message : 'it exited'}\n${stderr.slice(-2_000)}`);
    }
  }, 120_000);

  afterAll(async () => {
    alertmanager?.kill();
    await app?.stop();
  });

  const amtoolAdd = (labels: string[], extra: string[] = []) =>
    run(amtool, [`--alertmanager.url=${url}`, 'alert', 'add', ...labels, '--annotation=summary=5xx above 5% on checkout', '--annotation=runbook_url=https://runbooks.example.com/checkout', ...extra]);
  const incidents = () => app.sitrep.database.db.selectFrom('incidents').select(['number', 'state', 'source', 'declined_reason']).execute();

  it('makes one triage incident, edits its message as the group grows, declines it when all resolve before triage', async () => {
    const web1 = ['alertname=CheckoutErrors', 'service=checkout', 'instance=web-1', 'severity=critical'];
    const web2 = ['alertname=CheckoutErrors', 'service=checkout', 'instance=web-2', 'severity=critical'];
    await amtoolAdd(web1);
    const posted = await app.fake.waitFor('chat.postMessage', (args) => args.channel === 'C0TRIAGE' && JSON.stringify(args.blocks).includes('CheckoutErrors'), 20_000);
    expect(JSON.stringify(posted.args.blocks)).toContain('<https://runbooks.example.com/checkout|runbook>');
    const [incident] = await incidents();
    expect(incident).toMatchObject({ state: 'triage', source: 'alertmanager' });

    await amtoolAdd(web2);
    await app.fake.waitFor('chat.update', (args) => JSON.stringify(args.blocks).includes('instance=web-2'), 20_000);
    const stored = await app.sitrep.database.db.selectFrom('alerts').select(['fingerprint']).where('incident_number', '=', incident!.number).execute();
    expect(stored).toHaveLength(2);

    const past = new Date(Date.now() - 1000).toISOString();
    await amtoolAdd(web1, [`--end=${past}`]);
    await amtoolAdd(web2, [`--end=${past}`]);
    await eventually(async () => (await incidents()).find((i) => i.number === incident!.number && i.state === 'declined'), 30_000, 'the incident declined');
    expect(await incidents()).toEqual([{ number: incident!.number, state: 'declined', source: 'alertmanager', declined_reason: 'resolved before triage' }]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0TRIAGE')).toHaveLength(1);
    await app.fake.waitFor('chat.update', (args) => JSON.stringify(args.blocks).includes('resolved before triage'), 20_000);
  }, 120_000);

  it('Accept on the triage message makes the channel with the alerts pinned; resolving in Alertmanager says "All alerts resolved" there', async () => {
    const db = app.sitrep.database.db;
    const labels = ['alertname=QueueBacklog', 'service=orders', 'instance=worker-1', 'severity=critical'];
    await amtoolAdd(labels);
    const posted = await app.fake.waitFor('chat.postMessage', (args) => args.channel === 'C0TRIAGE' && JSON.stringify(args.blocks).includes('QueueBacklog'), 20_000);
    const triage = app.fake.findMessage('C0TRIAGE', posted.response.ts as string)!;
    const { number } = await db.selectFrom('incidents').select('number').where('state', '=', 'triage').executeTakeFirstOrThrow();

    // The click Slack sends: a block_actions payload, signed with the signing secret.
    const clicked = await app.slack.clickButton(triage, 'alerts_accept', { userId: 'UONCALL' });
    expect(clicked.status).toBe(200);
    const incident = await eventually(async () => {
      const row = await db.selectFrom('incidents').select(['state', 'channel_id', 'alerts_card_ts', 'declarer_id']).where('number', '=', number).executeTakeFirstOrThrow();
      return row.channel_id && row.alerts_card_ts ? row : undefined;
    }, 20_000, 'the incident channel with its alerts card');
    expect(incident).toMatchObject({ state: 'investigating', declarer_id: 'UONCALL' });
    const channel = app.fake.getChannel(incident.channel_id!)!;
    expect(channel.pins.has(incident.alerts_card_ts!)).toBe(true);
    expect(JSON.stringify(app.fake.findMessage(channel.id, incident.alerts_card_ts!)?.blocks)).toContain('instance=worker-1');

    await amtoolAdd(labels, [`--end=${new Date(Date.now() - 1000).toISOString()}`]);
    await eventually(() => app.fake.messages(channel.id).some((m) => String(m.text).includes('All alerts resolved')), 30_000, 'All alerts resolved in the channel');
    const notice = app.fake.messages(channel.id).find((m) => String(m.text).includes('All alerts resolved'))!;
    expect(JSON.stringify(notice.blocks)).toContain('alerts_mark_monitoring');
    // Sitrep never resolves an accepted incident by itself.
    expect((await db.selectFrom('incidents').select('state').where('number', '=', number).executeTakeFirstOrThrow()).state).toBe('investigating');
  }, 120_000);
});
