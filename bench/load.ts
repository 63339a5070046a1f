// Load: a burst of 200 concurrent /incident commands and 2,000 message events against the real app
// (compiled, in its own process, on real Postgres, with a fake Slack Web API) and against a bare Bolt
// app that only acks. Prints ack latency (p50/p99) and throughput for both and the ratios, and the
// app's memory at idle and after the load. Targets: p99 ack ≤ 1.5× the bare app's and under 100 ms;
// idle RSS < 150 MB.
// Each burst runs BENCH_ROUNDS times (default 5), alternating which app goes first; the median round
// is shown, so other work on the machine weighs on both apps alike and one bad round does not decide.
// Run: npx tsx bench/load.ts   (BENCH_DATABASE_URL or TEST_DATABASE_URL names the Postgres server;
// BENCH_CPU_PROF=<dir> writes each app's CPU profile under <dir>)
import pg from 'pg';
import { SUBCOMMANDS } from '../src/slack/commands/index.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { SlackSender } from '../test/support/slack-requests.js';
import { type AppProcess, freePort, startAppProcess } from './support/app-process.js';
import { createBenchDatabase } from './support/bench-postgres.js';
import { buildForBench } from './support/build-for-bench.js';
import { Rounds } from './support/rounds.js';
import { type PreparedRequest, RequestRecorder, sendAll } from './support/signed-sender.js';

const COMMANDS = 200;
const EVENTS = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Slack delivers events over many connections at once, not thousands at the same instant.
const EVENT_CONCURRENCY = Number(process.env.BENCH_EVENT_CONCURRENCY ?? 50);
const WARM_UP = 20;
const SETTLE_MS = 3_000;
const TARGET_P99_MS = 100;
const TARGET_RATIO = 1.5;
const TARGET_IDLE_RSS_MB = 150;
const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 180_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
  return performance.now() - started;
}

const fixed = (n: number, digits = 1) => n.toFixed(digits).padStart(8);
const verdict = (ok: boolean) => (ok ? 'ok' : 'ABOVE target');

function printComparison(title: string, bare: Rounds, sitrep: Rounds): void {
  const row = (name: string, r: Rounds) =>
    `  ${name.padEnd(7)} p50 ${fixed(r.p50)} ms  p99 ${fixed(r.p99)} ms  max ${fixed(r.max)} ms  ${fixed(r.perSecond, 0)} req/s  statuses ${r.statuses}`;
  const p99Ratio = sitrep.p99 / bare.p99;
  console.log(`\n${title}`);
  console.log(row('bare', bare));
  console.log(row('sitrep', sitrep));
  console.log(
    `  ratios  p50 ${(sitrep.p50 / bare.p50).toFixed(2)}×  p99 ${p99Ratio.toFixed(2)}× (${verdict(p99Ratio <= TARGET_RATIO)}, target ≤ ${TARGET_RATIO}×)  ` +
      `throughput ${(sitrep.perSecond / bare.perSecond).toFixed(2)}×  · sitrep p99 ${verdict(sitrep.p99 < TARGET_P99_MS)} (target < ${TARGET_P99_MS} ms)`,
  );
}

async function main(): Promise<void> {
  const build = buildForBench();
  const database = await createBenchDatabase('load');
  const fake = await FakeSlack.start({ botToken: BOT_TOKEN });
  const general = fake.addChannel({ name: 'general' });
  const announcements = fake.addChannel({ name: 'incidents' });
  const apps: AppProcess[] = [];
  const counter = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    const bare = await startAppProcess('bare', [build.ackOnlyApp], { SLACK_SIGNING_SECRET: SIGNING_SECRET }, await freePort());
    apps.push(bare);
    const sitrep = await startAppProcess(
      'sitrep',
      [build.sitrepCli, 'start'],
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        DATABASE_URL: database.url,
        INCIDENTS_CHANNEL: announcements.id,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      await freePort(),
    );
    apps.push(sitrep);

    await sleep(SETTLE_MS);
    const idle = { bare: bare.memory(), sitrep: sitrep.memory() };
    const { rows: version } = await counter.query<{ server_version: string }>('show server_version');
    console.log(
      `load benchmark: ${COMMANDS} concurrent /incident commands, ${EVENTS} message events (${EVENT_CONCURRENCY} in flight), ` +
        `${ROUNDS} rounds each; Postgres ${version[0]?.server_version}, node ${process.version}`,
    );
    for (const app of apps) {
      const sender = new SlackSender({ appUrl: `${app.baseUrl}/slack/events`, signingSecret: SIGNING_SECRET, fake });
      for (let i = 0; i < WARM_UP; i++) await sender.command('help', { channelId: general.id });
    }

    const recorder = new RequestRecorder(SIGNING_SECRET, fake);
    const user = (n: number) => `ULOAD${String(n).padStart(4, '0')}`;
    const commands = async (text: (n: number) => string) => {
      for (let n = 0; n < COMMANDS; n++) await recorder.command(text(n), { userId: user(n), channelId: general.id });
      return recorder.take();
    };
    /**
     * Runs the burst ROUNDS times on each app, alternating which goes first; `settle` waits for the
     * app's work after the acks, so it does not weigh on the next burst.
     */
    const compare = async (prepare: (app: AppProcess, round: number) => Promise<PreparedRequest[]>, concurrency: number, settle: (app: AppProcess) => Promise<void>) => {
      const rounds = new Map(apps.map((app) => [app, new Rounds()]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const app of round % 2 === 0 ? [bare, sitrep] : [sitrep, bare]) {
          rounds.get(app)!.add(await sendAll(`${app.baseUrl}/slack/events`, await prepare(app, round), concurrency));
          await settle(app);
        }
      }
      return { bare: rounds.get(bare)!, sitrep: rounds.get(sitrep)! };
    };
    const nothingToWaitFor = async () => {};

    const help = await compare(() => commands(() => 'help'), COMMANDS, nothingToWaitFor);
    printComparison(`/incident help × ${COMMANDS} at once (answered in the ack)`, help.bare, help.sitrep);

    const canDeclare = SUBCOMMANDS.some((s) => s.name === 'declare');
    let incidentChannels = [general.id];
    if (canDeclare) {
      let declaredMs = 0;
      let sitrepRounds = 0;
      // A declaration's last step is its announcement (one message each in INCIDENTS_CHANNEL); the
      // last thing its command does is tell the declarer (a response_url post): the next burst waits
      // for that, so no work of this one is still running under it.
      const replies = () => fake.callsTo('response_url').filter((c) => String(c.args.text ?? '').includes('is declared')).length;
      const declarationsDone = async (app: AppProcess) => {
        if (app !== sitrep) return;
        const expected = ++sitrepRounds * COMMANDS;
        declaredMs += await waitUntil(`${COMMANDS} declarations`, () => fake.messages(announcements.id).length >= expected && replies() >= expected);
      };
      const declare = await compare((app, round) => commands((n) => `declare sev3 Load test ${app.name} ${round}-${n}`), COMMANDS, declarationsDone);
      printComparison(`/incident declare sev3 … × ${COMMANDS} at once (acked, then declared)`, declare.bare, declare.sitrep);
      const declared = COMMANDS * ROUNDS;
      console.log(`  all ${declared} incidents declared (channel, invites, topic, pinned card, announcement): ${(declared / (declaredMs / 1000)).toFixed(0)} declarations/s after the acks`);
      incidentChannels = [...fake.channels.values()].filter((c) => c.name.startsWith('inc-')).map((c) => c.id);
    } else {
      console.log('\n(no declare subcommand yet: messages go to an ordinary channel and are not stored)');
    }

    // Each burst posts messages of its own (their own ts): the same ts twice would be a retry.
    const messageEvents = async () => {
      for (let n = 0; n < EVENTS; n++) {
        const said = fake.postUserMessage({ channel: incidentChannels[n % incidentChannels.length]!, user: user(n % COMMANDS), text: `status line ${n}: error rate 2.${n % 10}%` });
        await recorder.event(said.event);
      }
      return recorder.take();
    };
    let storedMs = 0;
    const messagesStored = async (app: AppProcess) => {
      if (app !== sitrep || !canDeclare) return;
      storedMs += await waitUntil(`${EVENTS} timeline entries`, async () => (await countMessages(counter)) >= storedBefore + EVENTS);
      storedBefore += EVENTS;
    };
    let storedBefore = await countMessages(counter);
    const events = await compare(messageEvents, EVENT_CONCURRENCY, messagesStored);
    printComparison(`message events × ${EVENTS}`, events.bare, events.sitrep);
    if (canDeclare) console.log(`  every message stored as a timeline entry, ${(storedMs / ROUNDS / 1000).toFixed(1)} s after the last ack of a burst on average`);

    await sleep(SETTLE_MS);
    const after = { bare: bare.memory(), sitrep: sitrep.memory() };
    console.log('\nmemory (resident set of each process)');
    console.log(`  bare    idle ${fixed(idle.bare.rssMb)} MB  after load ${fixed(after.bare.rssMb)} MB  peak ${fixed(after.bare.peakMb)} MB`);
    console.log(
      `  sitrep  idle ${fixed(idle.sitrep.rssMb)} MB  after load ${fixed(after.sitrep.rssMb)} MB  peak ${fixed(after.sitrep.peakMb)} MB  · idle ${verdict(idle.sitrep.rssMb < TARGET_IDLE_RSS_MB)} (target < ${TARGET_IDLE_RSS_MB} MB)`,
    );
  } catch (error) {
    for (const app of apps) console.error(`--- last output of ${app.name}:\n${app.tail()}`);
    throw error;
  } finally {
    for (const app of apps) await app.stop();
    await counter.end();
    await fake.close();
    await database.drop();
    build.remove();
  }
}

async function countMessages(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>("select count(*) as n from timeline_entries where kind = 'message'");
  return Number(rows[0]!.n);
}

await main();
