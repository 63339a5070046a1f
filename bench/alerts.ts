// Alerts in: 100 Alertmanager groups of 20 alerts each (webhook version 4, as Alertmanager 0.25 sends
// it), every group re-sent every second for a minute, at the real Sitrep (compiled, its own process,
// real Postgres, fake Slack Web API). Every tenth second one alert of each group flips between firing
// and resolved, so the timeline and the edits have something to do. Prints notifications acknowledged
// per second, ack latency p50/p99, the Slack calls made against the bound the edit throttle sets (one
// post per group, then at most one edit per group per ALERT_EDIT_WINDOW_MS), and the rows stored.
// The sender runs on this thread with the fake Slack: the app makes few Slack calls (that is the point).
// Run: npx tsx bench/alerts.ts [--seconds 60] [--groups 100] [--alerts 20]
//   (BENCH_DATABASE_URL or TEST_DATABASE_URL names the Postgres server)
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ALERT_EDIT_WINDOW_MS } from '../src/usecases/ingest-alert-notification.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { freePort, startAppProcess } from './support/app-process.js';
import { createBenchDatabase } from './support/bench-postgres.js';
import { buildForBench } from './support/build-for-bench.js';
import { summarize } from './support/latency.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    groups: { type: 'string', default: '100' },
    alerts: { type: 'string', default: '20' },
  },
});
const SECONDS = Number(flags.seconds);
const GROUPS = Number(flags.groups);
const ALERTS = Number(flags.alerts);
const FLIP_EVERY_S = 10;
// Alertmanager sends each group from its own goroutine; a few dozen connections at once.
const CONCURRENCY = 32;
const TOKEN = 'bench-alert-token';
const BOT_TOKEN = 'xoxb-bench-alerts';
const TRIAGE_CHANNEL = 'C0TRIAGEBENCH';

/** Group `g`'s notification at second `second`: its one flapping alert resolved in odd tens of seconds. */
function notification(g: number, second: number, startedAt: Date): string {
  const flapped = Math.floor(second / FLIP_EVERY_S) % 2 === 1;
  const alerts = Array.from({ length: ALERTS }, (_, a) => {
    const resolved = a === 0 && flapped;
    return {
      status: resolved ? 'resolved' : 'firing',
      labels: { alertname: `BenchAlert${g}`, instance: `host-${a}`, service: `svc-${g}`, severity: 'critical' },
      annotations: { summary: `Error rate high on svc-${g}`, runbook_url: `https://runbooks.example.com/svc-${g}` },
      startsAt: startedAt.toISOString(),
      endsAt: resolved ? new Date(startedAt.getTime() + second * 1000).toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus.example.com/graph?g0.expr=errors%7Bservice%3D%22svc-${g}%22%7D`,
      fingerprint: `${g.toString(16).padStart(4, '0')}${a.toString(16).padStart(12, '0')}`,
    };
  });
  const firing = alerts.some((a) => a.status === 'firing');
  return JSON.stringify({
    receiver: 'sitrep',
    status: firing ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: `BenchAlert${g}`, service: `svc-${g}` },
    commonLabels: { alertname: `BenchAlert${g}`, service: `svc-${g}`, severity: 'critical' },
    commonAnnotations: { summary: `Error rate high on svc-${g}` },
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: `{}:{alertname="BenchAlert${g}", service="svc-${g}"}`,
    truncatedAlerts: 0,
  });
}

function post(url: URL, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const build = buildForBench();
  const database = await createBenchDatabase('alerts');
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN });
  fake.addChannel({ id: TRIAGE_CHANNEL, name: 'triage', botIsMember: true });
  const counter = new pg.Client({ connectionString: database.url });
  const app = await startAppProcess(
    'sitrep',
    [build.sitrepCli, 'start'],
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: database.url,
      INCIDENTS_CHANNEL: TRIAGE_CHANNEL,
      ALERT_WEBHOOK_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    await freePort(),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    await counter.connect();
    const count = async (sql: string) => Number((await counter.query<{ n: string }>(sql)).rows[0]!.n);
    const { rows } = await counter.query<{ server_version: string }>('show server_version');
    console.log(`alerts in: ${GROUPS} groups × ${ALERTS} alerts, each group re-sent every second for ${SECONDS} s, ${CONCURRENCY} in flight; Postgres ${rows[0]?.server_version}, node ${process.version}`);

    const url = new URL(`${app.baseUrl}/hooks/alertmanager`);
    const startedAt = new Date(Date.now() - 60_000);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let lateTicks = 0;
    const first = performance.now();
    for (let second = 0; second < SECONDS; second++) {
      const tick = first + second * 1000;
      const bodies = Array.from({ length: GROUPS }, (_, g) => notification(g, second, startedAt));
      let next = 0;
      const worker = async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const sent = performance.now();
          const status = await post(url, agent, body);
          latencies.push(performance.now() - sent);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const wait = tick + 1000 - performance.now();
      if (wait > 0) await sleep(wait);
      else lateTicks += 1;
    }
    const elapsedS = (performance.now() - first) / 1000;

    // The owed edits run after their window: wait for the queue to drain before counting calls.
    const drainDeadline = performance.now() + 120_000;
    while ((await count(`select count(*) as n from effects where state = 'pending'`)) > 0) {
      if (performance.now() > drainDeadline) throw new Error('effects still pending two minutes after the last notification');
      await sleep(200);
    }
    const drainedS = (performance.now() - first) / 1000 - elapsedS;

    const sent = latencies.length;
    const ok = statuses.get(200) ?? 0;
    const latency = summarize(latencies);
    const posts = fake.callsTo('chat.postMessage').length;
    const edits = fake.callsTo('chat.update').length;
    const windows = Math.ceil((SECONDS * 1000) / ALERT_EDIT_WINDOW_MS) + 1;
    console.log(`  notifications sent:            ${sent} (${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}); ${lateTicks} of ${SECONDS} seconds overran`);
    console.log(`  acknowledged per second:       ${(ok / elapsedS).toFixed(1)}  (offered ${GROUPS}/s)`);
    console.log(`  ack latency:                   p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`);
    console.log(`  Slack calls:                   ${posts} chat.postMessage + ${edits} chat.update = ${fake.calls.length} in all; bound ${GROUPS} posts + ${GROUPS * windows} edits (one per group per ${ALERT_EDIT_WINDOW_MS / 1000} s window), not ${sent} notifications`);
    console.log(`  effect queue drained:          ${drainedS.toFixed(1)} s after the last notification`);
    console.log(
      `  rows stored:                   ${await count('select count(*) as n from incidents')} incidents, ${await count('select count(*) as n from alerts')} alerts, ` +
        `${await count('select count(*) as n from timeline_entries')} timeline entries, ${await count('select count(*) as n from effects')} effects`,
    );
    if (ok !== sent) throw new Error(`${sent - ok} notifications were not acknowledged with 200`);
  } finally {
    agent.destroy();
    await counter.end().catch(() => undefined);
    await app.stop();
    await fake.close();
    await database.drop();
    build.remove();
  }
}

await main();
