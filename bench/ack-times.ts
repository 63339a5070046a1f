// Ack times of slash commands against Slack's 3-second deadline, in the situations the tests used to
// time: help, a quick declare, a declare while Slack takes 3.5 s to create the channel, and a declare
// whose card post meets a 429. The real app in this process (PGlite, or Postgres when
// TEST_DATABASE_URL is set), a fake Slack. Figures for reading; the tests assert the order of events.
// Run: npx tsx bench/ack-times.ts   (BENCH_ROUNDS rounds, default 5)
import { startTestApp, type TestApp } from '../test/support/app-harness.js';
import { DATABASE_KINDS } from '../test/support/databases.js';
import { median } from './support/rounds.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SLACK_DEADLINE_MS = 3_000;
const INCIDENTS_CHANNEL = 'C0INCIDENTS';

interface Situation {
  name: string;
  /** Declarations answer on their response_url once their work is done; help answers in the ack. */
  answersLater?: boolean;
  /** Prepares the fake Slack for one round and returns the command text. */
  prepare(app: TestApp, round: number): string;
}

const SITUATIONS: Situation[] = [
  { name: '/incident help', prepare: () => 'help' },
  { name: 'quick declare', answersLater: true, prepare: (_app, round) => `declare sev2 Checkout failing ${round}` },
  {
    name: 'declare, conversations.create taking 3.5 s',
    answersLater: true,
    prepare(app, round) {
      app.fake.delayNext('conversations.create', 3_500);
      return `declare sev4 Slow Slack ${round}`;
    },
  },
  {
    name: 'declare, 429 on the card post',
    answersLater: true,
    prepare(app, round) {
      app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      return `declare sev2 Rate limited ${round}`;
    },
  },
];

async function main(): Promise<void> {
  const kind = DATABASE_KINDS.at(-1)!;
  const app = await startTestApp(kind, { env: { INCIDENTS_CHANNEL, LOG_LEVEL: 'warn' } });
  app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  let over = 0;
  try {
    console.log(`ack times on ${kind}, ${ROUNDS} rounds each (Slack's deadline: ${SLACK_DEADLINE_MS} ms)`);
    for (const situation of SITUATIONS) {
      const times: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const reply = await app.slack.command(situation.prepare(app, round), { userId: 'UALICE' });
        if (reply.status !== 200) throw new Error(`${situation.name}: HTTP ${reply.status}`);
        times.push(reply.ms);
        // The next round starts once this one's work is done and answered, as the tests did.
        if (situation.answersLater) await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 15_000);
      }
      const worst = Math.max(...times);
      if (worst >= SLACK_DEADLINE_MS) over++;
      console.log(
        `  ${situation.name.padEnd(44)} median ${median(times).toFixed(1).padStart(7)} ms, max ${worst.toFixed(1).padStart(7)} ms  ${worst < SLACK_DEADLINE_MS ? 'within' : 'OVER'} the deadline`,
      );
    }
  } finally {
    await app.stop();
  }
  if (over > 0) process.exitCode = 1;
}

await main();
