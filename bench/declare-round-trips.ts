// Round trips of a declare at the speed of Slack: every Web API call of the fake Slack takes 100 ms
// (BENCH_LATENCY_MS), so time divided by latency is the number of calls one after another. Printed:
// round trips from the ack to the declarer's link, and to every step done (invite, topic, card, pin, announcement),
// and the Web API calls one declare makes. Target (issue 13): ≤ 2 to the link, ≤ 4 to done. Then the same
// from the declare form: from the submit's ack to the direct message with the link (owed to the effect queue).
// Run: npx tsx bench/declare-round-trips.ts   (BENCH_ROUNDS rounds, default 5)
import { effectsOfIncident } from '../src/db/effect-store.js';
import { startTestApp } from '../test/support/app-harness.js';
import { DATABASE_KINDS } from '../test/support/databases.js';
import { plainText } from '../test/support/slack-requests.js';
import { median } from './support/rounds.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const INCIDENTS_CHANNEL = 'C0INCIDENTS';

async function main(): Promise<void> {
  const kind = DATABASE_KINDS.at(-1)!;
  const app = await startTestApp(kind, { env: { INCIDENTS_CHANNEL, LOG_LEVEL: 'warn' } });
  app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  app.fake.latencyMs = LATENCY_MS;
  const toLink: number[] = [];
  const toDone: number[] = [];
  const calls: number[] = [];
  const formToLink: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const callsBefore = app.fake.calls.length;
      const reply = await app.slack.command(`declare sev2 Round trips ${round}`, { userId: 'UALICE' });
      const acked = performance.now();
      const answer = await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 30_000);
      toLink.push(answer.at - Date.now() + performance.now() - acked);
      const channel = /<#(C[A-Z0-9]+)/.exec(String(answer.args.text ?? JSON.stringify(answer.args.blocks)))?.[1];
      // Done: the room exists and every effect the declaration owed (invite, topic, card and pin, announcement) has run.
      for (;;) {
        const row = channel ? await app.sitrep.ctx.db.selectFrom('incidents').select(['number', 'declare_step']).where('channel_id', '=', channel).executeTakeFirst() : undefined;
        const effects = row ? await effectsOfIncident(app.sitrep.ctx.db, row.number) : [];
        if (row?.declare_step === 'announced' && effects.length > 0 && effects.every((e) => e.state === 'done')) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      toDone.push(performance.now() - acked);
      calls.push(app.fake.calls.slice(callsBefore).filter((c) => c.method !== 'response_url').length);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const opening = await app.slack.command('declare', { userId: 'UBOB' });
      const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === opening.triggerId, 30_000);
      // The call is recorded when it arrives; its answer (the view) comes after the latency.
      while (!opened.response) await new Promise((resolve) => setTimeout(resolve, 5));
      const title = `Form round trips ${round}`;
      await app.slack.viewSubmission(app.fake.views.get(opened.response.view.id), { declare_title: { title: plainText(title) } }, { userId: 'UBOB' });
      const acked = performance.now();
      const told = await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'UBOB' && String(a.text).includes(title), 30_000);
      formToLink.push(told.at - Date.now() + performance.now() - acked);
    }
  } finally {
    await app.stop();
  }
  const trips = (ms: number[]) => (median(ms) / LATENCY_MS).toFixed(1);
  console.log(`declare on ${kind}, ${ROUNDS} rounds, ${LATENCY_MS} ms per Slack call (medians):`);
  console.log(`  round trips from the ack to the link: ${trips(toLink)}  (target ≤ 2)`);
  console.log(`  round trips from the ack to done:     ${trips(toDone)}  (target ≤ 4)`);
  console.log(`  Web API calls per declare:            ${median(calls)}`);
  console.log(`  from the form: round trips from the submit's ack to the link's direct message: ${trips(formToLink)}  (its post is the last of them)`);
}

await main();
