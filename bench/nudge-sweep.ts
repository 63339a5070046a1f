// The nudge sweep against a big real Postgres: 10,000 open incidents (a few overdue), resolved and
// closed ones, 1,000,000 timeline entries and old nudges. Times the candidate query and whole sweeps
// (Slack replaced by a gateway that answers at once) and prints the plan; then the worst case (every
// open incident overdue and nudged this window already) at 10,000 and at 100,000 open incidents.
// Run: npx tsx bench/nudge-sweep.ts   (BENCH_DATABASE_URL or TEST_DATABASE_URL names the server;
// BENCH_OPEN_INCIDENTS=10000,100000 the sizes)
import { EffectDispatcher } from '../src/effects/effect-dispatcher.js';
import { sql } from 'kysely';
import { createPagingRuntime } from '../src/paging/create-paging-runtime.js';
import { builtInProcess } from '../src/process/default-process.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { defaultPolicy } from '../src/incidents/policy.js';
import { findNudgeCandidates, nudgeCandidatesQuery } from '../src/db/nudge-store.js';
import type { IncidentPolicy } from '../src/incidents/policy.js';
import { createLogger } from '../src/logger.js';
import { slackContext } from '../src/slack/context.js';
import type { SlackApi } from '../src/slack/slack-api.js';
import type { UseCaseContext } from '../src/usecases/context.js';
import { createTimelineRuntime } from '../src/timeline-runtime.js';
import { DECLARATION_STEPS_QUEUE } from '../src/usecases/continue-declaration.js';
import { DECLARATION_RECORDS_QUEUE } from '../src/usecases/declare-incident.js';
import { NUDGE_SWEEP_PAGE, sendDueNudges } from '../src/usecases/send-due-nudges.js';
import { WorkQueue } from '../src/work-queue.js';
import { BoundedCache } from '../src/bounded-cache.js';
import { MembershipCache } from '../src/usecases/membership-cache.js';
import { createBenchDatabase } from './support/bench-postgres.js';

// BENCH_OPEN_INCIDENTS=100000 runs the worst case at that size only; by default the full story at 10,000, then both worst cases.
const SIZES = process.env.BENCH_OPEN_INCIDENTS ? process.env.BENCH_OPEN_INCIDENTS.split(',').map(Number) : [10_000, 100_000];
const FINISHED_INCIDENTS = 2_000;
const OVERDUE_SHARE = 100;
const TIMELINE_ENTRIES = 1_000_000;
const OLD_NUDGES_PER_INCIDENT = 2;
const RUNS = 15;
const TARGET_MS = 50;
/** Nudged incidents are not read at all: the worst case costs what an empty sweep does. */
const WORST_CASE_TARGET_MS = 10;
const REPLICA = 'bench';

/** Answers every call at once, like a Slack with no latency: what is left is our own cost. */
function instantSlack(): SlackApi {
  let seq = 0;
  return new Proxy({} as SlackApi, {
    get: () => async (channel: unknown) => ({ channel: typeof channel === 'string' ? channel : 'C0', ts: `1763730000.${String(++seq).padStart(6, '0')}` }),
  });
}

async function median(runs: number, run: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

type Timing = { median: number; min: number; max: number };
const ms = (t: Timing) => `median ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)}, ${RUNS} runs)`;
const againstTarget = (t: Timing, target = TARGET_MS) => `${ms(t)}  ${t.median < target ? 'within' : 'ABOVE'} the ${target} ms target`;
const count = (n: number) => n.toLocaleString('en-US');

const page = { limit: NUDGE_SWEEP_PAGE };
const OPEN = sql`state in ('investigating', 'identified', 'monitoring')`;

/** The policy's window of each incident's severity, in SQL: what a claim adds to the nudge's due time. */
const windowOf = (policy: IncidentPolicy) =>
  sql`case severity ${sql.join(policy.severities.map((s) => sql`when ${s.id}::text then ${s.updateEveryMs}::double precision`), sql` `)} end * interval '1 millisecond'`;

async function printPlan(ctx: UseCaseContext, what: string): Promise<void> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${nudgeCandidatesQuery(new Date(), page)}`.execute(ctx.db);
  console.log(`\nplan of ${what}:`);
  for (const row of rows) console.log(`  ${row['QUERY PLAN']}`);
}

async function main(): Promise<void> {
  for (const size of SIZES) await runCase(size, size === SIZES[0] && SIZES.length > 1);
}

/** One database of `openIncidents` open incidents; the whole story at the first size, the worst case at every size. */
async function runCase(openIncidents: number, full: boolean): Promise<void> {
  const overdue = openIncidents / OVERDUE_SHARE;
  const bench = await createBenchDatabase('nudges');
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', DATABASE_URL: bench.url, LOG_LEVEL: 'silent' });
  const policy = defaultPolicy(config);
  const logger = createLogger(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const db = database.db;
  try {
    await migrateToLatest(db);
    const { rows: version } = await sql<{ server_version: string }>`show server_version`.execute(db);
    console.log(`\n=== nudge sweep benchmark, ${count(openIncidents)} open incidents, on Postgres ${version[0]?.server_version} (database ${bench.name})`);

    const seedStarted = performance.now();
    const everyNth = Math.floor(openIncidents / overdue);
    // Open incidents: one in `everyNth` overdue by 1-10 minutes, the rest due within the next 4 hours.
    await sql`
      insert into incidents (title, severity, state, declarer_id, declare_step, channel_id, channel_name, announcement_ts,
        declared_at, severity_changed_at, last_update_at, next_update_due_at, next_nudge_at)
      select 'Bench incident ' || g, (array['sev1','sev2','sev3','sev4'])[1 + g % 4], (array['investigating','identified','monitoring'])[1 + g % 3],
        'UDECL' || g, 'announced', 'CB' || g, 'inc-' || g || '-bench', '1763730000.' || lpad(g::text, 6, '0'),
        now() - (1 + g % 600) * interval '1 minute', now() - (1 + g % 600) * interval '1 minute', now() - (g % 10) * interval '1 minute',
        case when g % ${everyNth} = 0 then now() - (1 + g % 10) * interval '1 minute' else now() + (1 + g % 240) * interval '1 minute' end,
        null
      from generate_series(1, ${openIncidents}) g`.execute(db);
    // As declaring stores it: the first nudge is due with the first update.
    await sql`update incidents set next_nudge_at = greatest(next_update_due_at, last_update_at)`.execute(db);
    // Resolved and closed incidents, their next update long past: the partial index never holds them.
    await sql`
      insert into incidents (title, severity, state, declarer_id, declare_step, channel_id, channel_name,
        declared_at, resolved_at, closed_at, last_update_at, next_update_due_at)
      select 'Finished incident ' || g, 'sev2', case when g % 2 = 0 then 'resolved' else 'closed' end, 'UDECL' || g, 'announced',
        'CF' || g, 'inc-' || g || '-done', now() - interval '30 days', now() - interval '29 days',
        case when g % 2 = 0 then null else now() - interval '28 days' end, now() - interval '29 days', now() - interval '29 days'
      from generate_series(1, ${FINISHED_INCIDENTS}) g`.execute(db);
    await sql`
      insert into role_assignments (incident_number, role, user_id, assigned_by, assigned_at)
      select number, 'commander', 'UIC' || number, declarer_id, declared_at from incidents
      union all
      select number, 'comms', 'UCOMMS' || number, declarer_id, declared_at + interval '1 minute' from incidents where number % 2 = 0`.execute(db);
    await sql`
      insert into timeline_entries (incident_number, kind, channel_id, message_ts, author_id, text, occurred_at)
      select 1 + g % ${openIncidents + FINISHED_INCIDENTS}, 'message', 'CB' || (1 + g % ${openIncidents + FINISHED_INCIDENTS}),
        (1700000000 + g) || '.000100', 'U' || (g % 500), 'timeline message ' || g, now() - g * interval '1 second'
      from generate_series(1, ${TIMELINE_ENTRIES}) g`.execute(db);
    // Nudges from before each incident's last update: history the sweep must skip.
    await sql`
      insert into nudges (incident_number, due_at, streak, claimed_by, claimed_at, sent_at, message_ts)
      select i.number, i.last_update_at - k * interval '1 hour', k, 'old-replica', i.last_update_at - k * interval '1 hour',
        i.last_update_at - k * interval '1 hour', '1763000000.' || lpad(k::text, 6, '0')
      from incidents i, generate_series(1, ${OLD_NUDGES_PER_INCIDENT}) k
      where i.state in ('investigating', 'identified', 'monitoring')`.execute(db);
    await sql`analyze`.execute(db);
    console.log(
      `seeded ${count(openIncidents)} open incidents (${count(overdue)} overdue), ${count(FINISHED_INCIDENTS)} resolved/closed, ` +
        `${count(TIMELINE_ENTRIES)} timeline entries, ${count(openIncidents * OLD_NUDGES_PER_INCIDENT)} old nudges in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    const slack = instantSlack();
    const identity = { botUserId: 'UBOT', workspaceUrl: 'https://bench.slack.com/' };
    const now = () => new Date();
    const ctx: UseCaseContext = slackContext({
      db,
      slack,
      declarations: { records: new WorkQueue(DECLARATION_RECORDS_QUEUE), steps: new WorkQueue(DECLARATION_STEPS_QUEUE) },
      config,
      policy,
      process: builtInProcess(config),
      logger,
      now,
      ...identity,
      timeline: createTimelineRuntime(db, slack, identity, now),
      // The sweep's own posts are measured here; no effect handlers are needed.
      effects: new EffectDispatcher({ db, logger, now, handlers: {}, concurrency: 1, leaseMs: 60_000, pollMs: 60_000, maxAttempts: 1 }),
      paging: createPagingRuntime(config, now),
      // The sweep shows no lists: no one's private rooms are asked.
      membership: new MembershipCache(async () => [], new BoundedCache({ maxEntries: 1, ttlMs: 0, now })),
    });
    const forgetBenchNudges = async () => {
      const nudged = db.selectFrom('nudges').select('incident_number').where('claimed_by', '=', REPLICA);
      await db.deleteFrom('timeline_entries').where('incident_number', 'in', nudged).where('kind', '=', 'nudge').execute();
      await db.deleteFrom('nudges').where('claimed_by', '=', REPLICA).execute();
    };

    if (full) {
      const candidates = await findNudgeCandidates(db, new Date(), page);
      console.log(`\ncandidate query, ${candidates.length} incidents owed a nudge: ${againstTarget(await median(RUNS, () => findNudgeCandidates(db, new Date(), page)))}`);
      await printPlan(ctx, `the candidate query before the sweep (${candidates.length} incidents owed a nudge)`);
      const first = await sendDueNudges(ctx, REPLICA);
      console.log(`steady sweep (every overdue incident already nudged this window): ${againstTarget(await median(RUNS, () => sendDueNudges(ctx, REPLICA)))}`);
      // Forgetting the nudges puts each incident's next nudge back to its first, as it was before the sweep.
      const sending = await median(RUNS, () => sendDueNudges(ctx, REPLICA), async () => {
        await forgetBenchNudges();
        await sql`update incidents set next_nudge_at = greatest(next_update_due_at, last_update_at) where ${OPEN}`.execute(db);
      });
      console.log(`sweep that claims, posts and records ${first.sent} nudges (Slack answering instantly): ${ms(sending)}, ${(sending.median / first.sent).toFixed(2)} ms a nudge`);
    }

    // Worst case: every open incident overdue at once (and nudged this window already, each claim
    // having moved its incident's next nudge a window on, as claimNudge does).
    await sql`update incidents set next_update_due_at = now() - interval '1 minute' where ${OPEN}`.execute(db);
    await sql`
      insert into nudges (incident_number, due_at, streak, claimed_by, claimed_at, sent_at, message_ts)
      select number, next_update_due_at, 1, ${REPLICA}, now(), now(), '1763730000.000001' from incidents
      where ${OPEN}
      on conflict do nothing`.execute(db);
    await sql`update incidents set next_nudge_at = next_update_due_at + ${windowOf(policy)} where ${OPEN}`.execute(db);
    await sql`vacuum analyze incidents`.execute(db);
    await sql`vacuum analyze nudges`.execute(db);
    const { rows: overdueNow } = await sql<{ n: string }>`select count(*) as n from incidents where state in ('investigating', 'identified', 'monitoring') and next_update_due_at <= now()`.execute(db);
    console.log(`\nworst case, all ${count(Number(overdueNow[0]?.n))} open incidents overdue, each nudged this window already:`);
    console.log(`  candidate query: ${againstTarget(await median(RUNS, () => findNudgeCandidates(db, new Date(), page)), WORST_CASE_TARGET_MS)}`);
    console.log(`  steady sweep: ${againstTarget(await median(RUNS, () => sendDueNudges(ctx, REPLICA)), WORST_CASE_TARGET_MS)}`);
    await printPlan(ctx, 'the candidate query, worst case');
    // At this size the planner's estimate crosses jit_above_cost; without JIT compilation:
    const withoutJit = await db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze) ${nudgeCandidatesQuery(new Date(), page)}`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).find((line) => line.startsWith('Execution Time'));
    });
    console.log(`  worst case with jit = off: ${withoutJit}`);
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP) await bench.drop();
  }
}

await main();
