// Timeline ingest: N signed message events for an incident channel, sent with a fixed concurrency to
// the real Sitrep (compiled, its own process, HTTP, real Postgres, fake Slack Web API) and to a bare
// Bolt app that only acks. Prints, for Sitrep, events per second PERSISTED end to end (first send
// until the last row is in timeline_entries) and, for the bare app, events acked per second; ack
// latency p50/p99 for both; and the ratios. Targets: ≥ 0.7× the bare rate, p99 ≤ 1.5× the bare p99.
// Each app runs BENCH_ROUNDS rounds (default 5), alternating which goes first; the median round's figures
// are shown.
// Run: npx tsx bench/timeline-ingest.ts   (BENCH_DATABASE_URL or TEST_DATABASE_URL names the server;
// BENCH_EVENTS, BENCH_CONCURRENCY and BENCH_ROUNDS override 3,000, 20 and 5; BENCH_CPU_PROF=<dir>
// writes each app's CPU profile under <dir>)
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { insertIncident, updateIncident } from '../src/db/incident-store.js';
import { createLogger } from '../src/logger.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { type AppProcess, freePort, startAppProcess } from './support/app-process.js';
import { createBenchDatabase } from './support/bench-postgres.js';
import { buildForBench } from './support/build-for-bench.js';
import { median, Rounds } from './support/rounds.js';
import { RequestRecorder, sendAll } from './support/signed-sender.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_UP = 300;
const USERS = 10;
const TARGET_RATE_RATIO = 0.7;
const TARGET_P99_RATIO = 1.5;
const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time (user + system) the process has used so far, in ms: steadier than rates on a busy machine. */
function cpuMs(app: AppProcess): number {
  const fields = readFileSync(`/proc/${app.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
const fixed = (n: number, digits = 1) => n.toFixed(digits).padStart(8);

/** Opens the incident the messages are said in, straight in the store. */
async function seedIncident(databaseUrl: string, channelId: string): Promise<number> {
  const logger = createLogger({ databaseUrl, logLevel: 'silent', logFormat: 'json' });
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', logger });
  try {
    const incident = (await insertIncident(database.db, {
      title: 'Timeline ingest benchmark',
      description: '',
      severity: 'sev2',
      private: false,
      declarerId: 'UBENCH0000',
      requestKey: null,
      declaredAt: new Date(),
      nextUpdateDueAt: new Date(Date.now() + 24 * 3_600_000),
    }))!;
    await updateIncident(database.db, incident.number, { channelId, channelName: 'inc-1-timeline-ingest-benchmark', declareStep: 'announced' });
    return incident.number;
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const build = buildForBench();
  const database = await createBenchDatabase('timeline');
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN });
  const channel = fake.addChannel({ name: 'inc-1-timeline-ingest-benchmark' });
  const recorder = new RequestRecorder(SIGNING_SECRET, fake);
  const counter = new pg.Client({ connectionString: database.url });
  const apps: AppProcess[] = [];
  try {
    const bare = await startAppProcess('bare', [build.ackOnlyApp], { SLACK_SIGNING_SECRET: SIGNING_SECRET }, await freePort());
    apps.push(bare);
    const sitrep = await startAppProcess(
      'sitrep',
      [build.sitrepCli, 'start'],
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, DATABASE_URL: database.url, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      await freePort(),
    );
    apps.push(sitrep);
    const incidentNumber = await seedIncident(database.url, channel.id);
    await counter.connect();
    const stored = async () =>
      Number((await counter.query<{ n: string }>('select count(*) as n from timeline_entries where incident_number = $1', [incidentNumber])).rows[0]!.n);

    // Every event is its own message (its own ts): the same message twice would be a duplicate, stored once.
    const messageEvents = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const said = fake.postUserMessage({ channel: channel.id, user: `UBENCH${String(i % USERS).padStart(4, '0')}`, text: `status line ${i}: error rate 2.${i % 10}%` });
        await recorder.event(said.event);
      }
      return recorder.take();
    };
    const { rows } = await counter.query<{ server_version: string }>('show server_version');
    console.log(`timeline ingest: ${EVENTS} message events, ${CONCURRENCY} in flight, ${ROUNDS} rounds each (median shown); Postgres ${rows[0]?.server_version}, node ${process.version}`);

    // Warm both up (JIT, connection pools, Sitrep's channel and user-name caches); Sitrep's warm-up is stored and waited for.
    await sendAll(`${bare.baseUrl}/slack/events`, await messageEvents(WARM_UP), CONCURRENCY);
    await sendAll(`${sitrep.baseUrl}/slack/events`, await messageEvents(WARM_UP), CONCURRENCY);
    while ((await stored()) < WARM_UP) await sleep(20);

    const bareSends = new Rounds();
    const sitrepSends = new Rounds();
    const runBare = async () => {
      const events = await messageEvents(EVENTS);
      const cpu = cpuMs(bare);
      const run = bareSends.add(await sendAll(`${bare.baseUrl}/slack/events`, events, CONCURRENCY));
      return { rate: EVENTS / ((run.finishedAt - run.startedAt) / 1000), cpuPerEvent: (cpuMs(bare) - cpu) / EVENTS };
    };
    const runSitrep = async () => {
      const events = await messageEvents(EVENTS);
      const before = await stored();
      const cpu = cpuMs(sitrep);
      const run = sitrepSends.add(await sendAll(`${sitrep.baseUrl}/slack/events`, events, CONCURRENCY));
      // The sender's clock runs on its own thread: the wait for the rows is timed from the last ack.
      const lastAck = performance.now();
      const deadline = lastAck + 180_000;
      while ((await stored()) - before < EVENTS) {
        if (performance.now() > deadline) throw new Error(`only ${(await stored()) - before} of ${EVENTS} events stored after 3 minutes`);
        await sleep(5);
      }
      const ackSeconds = (run.finishedAt - run.startedAt) / 1000;
      const persistedSeconds = ackSeconds + (performance.now() - lastAck) / 1000;
      return { ackRate: EVENTS / ackSeconds, persistedRate: EVENTS / persistedSeconds, cpuPerEvent: (cpuMs(sitrep) - cpu) / EVENTS };
    };
    // Alternating which app goes first; each figure is the median round's.
    const bareRounds: Awaited<ReturnType<typeof runBare>>[] = [];
    const sitrepRounds: Awaited<ReturnType<typeof runSitrep>>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        bareRounds.push(await runBare());
        sitrepRounds.push(await runSitrep());
      } else {
        sitrepRounds.push(await runSitrep());
        bareRounds.push(await runBare());
      }
    }
    const bareRate = median(bareRounds.map((r) => r.rate));
    const sitrepPersistedRate = median(sitrepRounds.map((r) => r.persistedRate));
    const bareCpuPerEvent = median(bareRounds.map((r) => r.cpuPerEvent));
    const sitrepCpuPerEvent = median(sitrepRounds.map((r) => r.cpuPerEvent));
    const row = (name: string, sends: Rounds, rate: string) =>
      `  ${name.padEnd(7)} ack p50 ${fixed(sends.p50)} ms  p99 ${fixed(sends.p99)} ms  max ${fixed(sends.max)} ms  ${rate}  statuses ${sends.statuses}`;
    console.log(row('bare', bareSends, `${fixed(bareRate, 0)} acked/s`));
    console.log(row('sitrep', sitrepSends, `${fixed(sitrepPersistedRate, 0)} persisted/s (${median(sitrepRounds.map((r) => r.ackRate)).toFixed(0)} acked/s)`));
    const rateRatio = sitrepPersistedRate / bareRate;
    const p99Ratio = sitrepSends.p99 / bareSends.p99;
    console.log(
      `  ratios  persisted/acked ${rateRatio.toFixed(2)}× (${rateRatio >= TARGET_RATE_RATIO ? 'ok' : 'BELOW target'}, target ≥ ${TARGET_RATE_RATIO}×)  ` +
        `ack p50 ${(sitrepSends.p50 / bareSends.p50).toFixed(2)}×  p99 ${p99Ratio.toFixed(2)}× (${p99Ratio <= TARGET_P99_RATIO ? 'ok' : 'ABOVE target'}, target ≤ ${TARGET_P99_RATIO}×)`,
    );
    console.log(`  CPU per event (the app's own process): bare ${bareCpuPerEvent.toFixed(3)} ms, sitrep ${sitrepCpuPerEvent.toFixed(3)} ms (${(sitrepCpuPerEvent / bareCpuPerEvent).toFixed(2)}×)`);
    console.log(`  Slack Web API calls made by Sitrep during the run: ${fake.calls.filter((c) => c.method !== 'auth.test').length} (users.info once per author)`);
  } catch (error) {
    for (const app of apps) console.error(`--- last output of ${app.name}:\n${app.tail()}`);
    throw error;
  } finally {
    for (const app of apps) await app.stop();
    await counter.end().catch(() => {});
    await fake.close();
    await database.drop();
    build.remove();
  }
}

await main();
