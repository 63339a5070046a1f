// The web pages under 20 concurrent readers (20 different people): the list over 10,000 incidents,
// 200 of them private each with a channel of its own, and the page of an incident with 20,000
// timeline entries. Prints server time p50/p99 per page and the Slack calls the pages cost (who is
// in which private channel), on the embedded database, or on Postgres when TEST_DATABASE_URL is set
// (a database of its own, dropped after).
// Run: npx tsx bench/web.ts
import { sql } from 'kysely';
import { seedIncidents, signIn, startWebApp } from '../test/web/web-support.js';

const INCIDENTS = 10_000;
const ENTRIES = 20_000;
const READERS = 20;
const REQUESTS = 200;
// One incident in 50 is private; each reader is in every tenth private channel.
const PRIVATE_EVERY = 50;
const MEMBERSHIP_CALLS = ['conversations.members', 'users.conversations'];
const SLACK_LATENCY_MS = 30;

const kind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
console.log(`database: ${kind}`);
const app = await startWebApp({}, kind);
try {
  const db = app.sitrep.database.db;
  const { open } = await seedIncidents(app);
  const readers = Array.from({ length: READERS }, (_, i) => `UREADER${i}`);
  // Stored as finished declarations: anything else is a declaration part-way to the resume sweep.
  await sql`insert into incidents (title, severity, declarer_id, declared_at, next_update_due_at, state, private, declare_step, channel_id, channel_name)
    select 'Incident ' || g, (array['sev1','sev2','sev3','sev4'])[1 + g % 4], 'U' || (g % 50), now() - (g || ' minutes')::interval, now(),
      (array['investigating','resolved','closed'])[1 + g % 3], g % ${PRIVATE_EVERY} = 0, 'announced',
      case when g % ${PRIVATE_EVERY} = 0 then 'CPRIV' || g end, case when g % ${PRIVATE_EVERY} = 0 then 'inc-private-' || g end
    from generate_series(1, ${INCIDENTS}) g`.execute(db);
  for (let g = PRIVATE_EVERY; g <= INCIDENTS; g += PRIVATE_EVERY) {
    app.fake.addChannel({ id: `CPRIV${g}`, name: `inc-private-${g}`, is_private: true, members: (g / PRIVATE_EVERY) % 10 === 0 ? readers : ['U0'] });
  }
  await sql`insert into timeline_entries (incident_number, kind, author_id, text, files, data, occurred_at, channel_id, message_ts, thread_ts, key_event)
    select ${open.number}, 'message', 'UPERSON' || (g % 40), 'Message number ' || g || ' with <@U1> &amp; a <https://example.com|link>', '[]', '{}',
      now() - ((${ENTRIES} - g) || ' seconds')::interval, 'C0PUB', (1700000000 + g) || '.000100', case when g % 10 = 0 then (1700000000 + g - 1) || '.000100' else (1700000000 + g) || '.000100' end, g % 500 = 0
    from generate_series(1, ${ENTRIES}) g`.execute(db);
  const cookies: string[] = [];
  for (const reader of readers) cookies.push(await signIn(app, reader));
  const membershipCalls = () => MEMBERSHIP_CALLS.reduce((n, method) => n + app.fake.callsTo(method).length, 0);

  // The first page a reader opens, nothing known yet, with Slack 30 ms away as over a real network.
  app.fake.latencyMs = SLACK_LATENCY_MS;
  const coldStarted = performance.now();
  const cold = await fetch(`${app.baseUrl}/incidents`, { headers: { cookie: cookies[0]! } });
  await cold.arrayBuffer();
  console.log(`${'first list, Slack 30 ms away'.padEnd(30)} ${(performance.now() - coldStarted).toFixed(0)} ms, Slack membership calls ${membershipCalls()}`);
  app.fake.latencyMs = 0;

  for (const [name, path] of [
    ['list of 10,000', '/incidents'],
    ['list, filtered by words', '/incidents?q=Incident+99&state=resolved'],
    ['incident with 20,000 entries', `/incidents/INC-${open.number}`],
    ['insights', '/insights?months=12'],
  ] as const) {
    const times: number[] = [];
    let next = 0;
    const callsBefore = membershipCalls();
    await Promise.all(
      cookies.map(async (cookie) => {
        while (next < REQUESTS) {
          next += 1;
          const started = performance.now();
          const response = await fetch(`${app.baseUrl}${path}`, { headers: { cookie } });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
          times.push(performance.now() - started);
        }
      }),
    );
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(0);
    const calls = membershipCalls() - callsBefore;
    console.log(`${name.padEnd(30)} ${REQUESTS} requests, ${READERS} readers: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, Slack membership calls ${calls}`);
  }
} finally {
  await app.stop();
  await app.closeFake();
}
