// Two real `sitrep start` processes on one Postgres database behind one fake Slack, as two pods
// behind a load balancer: the same stream of requests goes to both in turn, and the same delivery
// (a Slack retry that the balancer sends to the other pod) reaches both.
import { declarationDone } from '../support/declaration-done.js';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { eventually, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/app-harness.js';
import { CLI_TEST_TIMEOUT, logLines, spawnSitrep, startedPort } from '../support/cli-process.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { FakeSlack, type RecordedCall } from '../support/fake-slack.js';
import { plainText, SlackSender } from '../support/slack-requests.js';

const INCIDENTS_CHANNEL = 'C0INCIDENTS';
// A sev1 goes stale after 2 s and each replica sweeps every second: a few windows within the test.
const WINDOW_MS = 2_000;
const SWEEP_MS = 1_000;

type Replica = ReturnType<typeof spawnSitrep> & { port: number; slack: SlackSender };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each JSON log line a process has finished writing. */
/** The incident card: the one message carrying the take-role buttons. */
const isCard = (c: RecordedCall) => c.method === 'chat.postMessage' && JSON.stringify(c.args.blocks ?? []).includes('take_role_commander');

describe.runIf(process.env.TEST_DATABASE_URL)('two sitrep processes on one Postgres database behind one Slack', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let db: Kysely<Database>;
  const children: ReturnType<typeof spawnSitrep>[] = [];
  const replicas: Replica[] = [];

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
    fake.addChannel({ id: 'C0GENERAL', name: 'general' });
    for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob']] as const) fake.addUser({ id, name });
    database = await freshDatabase('postgres');
    const pool = new pg.Pool({ connectionString: database.databaseUrl, max: 2 });
    // drop() (`with (force)`) may end a connection of ours that is still closing: not the test's failure.
    pool.on('connect', (client) => client.on('error', () => {}));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

    const env = {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_API_RETRIES: '1',
      DATABASE_URL: database.databaseUrl!,
      // Each process takes a free port of its own and logs it.
      PORT: '0',
      INCIDENTS_CHANNEL,
      STALE_AFTER_SEV1: '2s',
      REMINDER_CRON: '* * * * * *',
      // History reads would only add calls to what is counted here.
      RECONCILE_CRON: '0 0 1 1 *',
    };
    // Started together: both migrate the empty database at once.
    children.push(spawnSitrep(['start'], env), spawnSitrep(['start'], env));
    for (const child of children) {
      const port = await startedPort(child);
      const slack = new SlackSender({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: TEST_SIGNING_SECRET, fake });
      replicas.push(Object.assign(child, { port, slack }));
    }
    for (const replica of replicas) {
      await eventually(async () => (await fetch(`http://127.0.0.1:${replica.port}/healthz`)).status === 200, 10_000, `replica on ${replica.port} to be healthy`);
    }
  }, CLI_TEST_TIMEOUT);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.destroy();
    await database?.drop();
    await fake?.close();
  });

  /** `/incident <text>` to one replica, and the answer it sends to the command's response_url. */
  async function command(replica: Replica, text: string, opts: { triggerId?: string; channelId?: string } = {}) {
    const reply = await replica.slack.command(text, { userId: 'UALICE', ...opts });
    expect(reply.status).toBe(200);
    const answer = await fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 15_000);
    return { triggerId: reply.triggerId, text: String(answer.args.text) };
  }

  const incidentsByKey = (keys: string[]) => db.selectFrom('incidents').selectAll().where('request_key', 'in', keys).orderBy('number').execute();
  const highestNumber = async () => (await db.selectFrom('incidents').select('number').orderBy('number', 'desc').executeTakeFirst())?.number ?? 0;
  /** Every channel creation asked of Slack, as the channel ids it answered (undefined for a refusal). */
  const createdChannels = () => fake.callsTo('conversations.create').map((c) => c.response?.channel?.id as string | undefined);

  it('numbers distinct declarations sent to both replicas uniquely and consecutively, with one channel, card and announcement each', async () => {
    const titles = Array.from({ length: 10 }, (_, i) => `Replica declare ${i + 1}`);
    // Four one after another, then six at once, alternating between the replicas.
    const triggerIds: string[] = [];
    for (let i = 0; i < 4; i++) triggerIds.push((await command(replicas[i % 2]!, `declare sev2 ${titles[i]}`)).triggerId);
    const together = await Promise.all(titles.slice(4).map((title, i) => command(replicas[i % 2]!, `declare sev2 ${title}`)));
    triggerIds.push(...together.map((c) => c.triggerId));

    const rows = await eventually(async () => {
      const found = await incidentsByKey(triggerIds);
      // Read again once done: rows read first may predate the cards' and announcements' ts.
      return found.length === 10 && (await Promise.all(found.map((r) => declarationDone(db, r)))).every(Boolean) ? incidentsByKey(triggerIds) : undefined;
    }, 15_000, 'ten declarations to finish');
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(rows.map((r) => r.title))).toEqual(new Set(titles));

    const channels = rows.map((r) => r.channel_id!);
    expect(new Set(channels).size).toBe(10);
    expect(createdChannels().sort()).toEqual([...channels].sort());
    for (const row of rows) {
      expect(fake.getChannel(row.channel_id!)!.name).toMatch(new RegExp(`^inc-${row.number}-replica-declare-\\d+$`));
      const cards = fake.calls.filter((c) => isCard(c) && c.args.channel === row.channel_id);
      expect(cards.map((c) => c.response?.ts)).toEqual([row.card_ts]);
      expect(fake.callsTo('pins.add').filter((c) => c.args.channel === row.channel_id && c.response?.ok)).toHaveLength(1);
      const announcements = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL && !c.args.thread_ts && String(c.args.text).startsWith(`INC-${row.number}:`));
      expect(announcements.map((c) => c.response?.ts)).toEqual([row.announcement_ts]);
    }
  });

  it('declares once, under the next number, when the same slash command reaches both replicas, and both answer with its channel', async () => {
    const triggerId = replicas[0]!.slack.newTriggerId();
    const before = { number: await highestNumber(), channels: createdChannels().length };
    const answers = await Promise.all(replicas.map((replica) => command(replica, 'declare sev2 Same command twice', { triggerId })));
    // Slack's retry of the same command, later, to either replica.
    const later = await command(replicas[1]!, 'declare sev2 Same command twice', { triggerId });

    const rows = await incidentsByKey([triggerId]);
    expect(rows.map((r) => r.number)).toEqual([before.number + 1]);
    expect(rows[0]!.declare_step).toBe('announced');
    expect(createdChannels().slice(before.channels)).toEqual([rows[0]!.channel_id]);
    // The card is an effect that follows the link: counted once every effect the declaration owed has run.
    await eventually(() => declarationDone(db, rows[0]!), 15_000, 'the declaration to finish');
    expect(fake.calls.filter((c) => isCard(c) && c.args.channel === rows[0]!.channel_id)).toHaveLength(1);
    // Every delivery is told the same thing: the incident and its channel, even one that raced the declaring replica.
    for (const answer of [...answers, later]) expect(answer.text).toBe(`:rotating_light: *INC-${rows[0]!.number}* (SEV2) Same command twice is declared: <#${rows[0]!.channel_id}>`);
  });

  it('declares once when the same form submission reaches both replicas', async () => {
    const opening = await replicas[1]!.slack.command('declare', { userId: 'UBOB' });
    const opened = await fake.waitFor('views.open', (a) => a.trigger_id === opening.triggerId, 10_000);
    const view = fake.views.get(opened.response.view.id);
    const values = { declare_title: { title: plainText('Same form twice') } };
    const before = { number: await highestNumber(), channels: createdChannels().length };
    const submits = await Promise.all(replicas.map((replica) => replica.slack.viewSubmission(view, values, { userId: 'UBOB' })));
    expect(submits.map((s) => s.status)).toEqual([200, 200]);

    // The declarer is told the link once, by the replica that declared it.
    const dm = await fake.waitFor('chat.postMessage', (a) => a.channel === 'UBOB' && String(a.text).includes('Same form twice'), 15_000);
    const rows = await incidentsByKey([view.id]);
    expect(rows.map((r) => r.number)).toEqual([before.number + 1]);
    expect(dm.args.text).toContain(`<#${rows[0]!.channel_id}>`);
    expect(createdChannels().slice(before.channels)).toEqual([rows[0]!.channel_id]);
    // The card follows the link, posted by one replica's effect queue.
    await eventually(async () => declarationDone(db, (await incidentsByKey([view.id]))[0]), 15_000, 'the declaration to finish');
    expect(fake.calls.filter((c) => isCard(c) && c.args.channel === rows[0]!.channel_id)).toHaveLength(1);
    // The link's message is one of those effects (declaration.declarer_told): done, and sent once.
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UBOB' && String(c.args.text).includes('Same form twice'))).toHaveLength(1);
  });

  it('stores one timeline entry when the same message event reaches both replicas', async () => {
    const [incident] = await db.selectFrom('incidents').selectAll().where('number', '=', 1).execute();
    const channel = incident!.channel_id!;
    const entries = (ts: string) => db.selectFrom('timeline_entries').selectAll().where('channel_id', '=', channel).where('message_ts', '=', ts).execute();

    // A retry: the same event id, the second delivery with Slack's retry headers.
    const retried = fake.postUserMessage({ channel, user: 'UALICE', text: 'Error rate back to 40%' });
    const first = await replicas[0]!.slack.event(retried.event);
    const second = await replicas[1]!.slack.event(retried.event, { eventId: first.eventId, retryNum: 1 });
    // The same message under two event ids, both at once.
    const twice = fake.postUserMessage({ channel, user: 'UBOB', text: 'Rolling back checkout-api' });
    const both = await Promise.all(replicas.map((replica) => replica.slack.event(twice.event)));
    expect([first.status, second.status, ...both.map((r) => r.status)]).toEqual([200, 200, 200, 200]);

    for (const { ts } of [retried, twice]) await eventually(async () => (await entries(ts)).length > 0, 10_000, `the entry for ${ts}`);
    await sleep(500);
    expect(await entries(retried.ts)).toEqual([expect.objectContaining({ incident_number: 1, author_id: 'UALICE', text: 'Error rate back to 40%' })]);
    expect(await entries(twice.ts)).toEqual([expect.objectContaining({ incident_number: 1, author_id: 'UBOB', text: 'Rolling back checkout-api' })]);
  });

  it('nudges a stale sev1 exactly once per window across both replicas', async () => {
    const { triggerId } = await command(replicas[0]!, 'declare sev1 Stale on two replicas');
    const declared = await eventually(async () => {
      const [row] = await incidentsByKey([triggerId]);
      // Read again once done: the row read first may predate the card's or announcement's ts.
      return (await declarationDone(db, row)) ? (await incidentsByKey([triggerId]))[0] : undefined;
    }, 10_000, 'the sev1 declaration');
    // Repeated deliveries before it took no numbers: incidents stay numbered without gaps.
    expect(declared.number).toBe((await db.selectFrom('incidents').select('number').execute()).length);
    const channel = declared.channel_id!;
    const nudgePosts = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && /no status update/.test(String(c.args.text)));

    await eventually(() => nudgePosts().length >= 3, 20_000, 'three nudges');
    // Resolving stops the sweeps on both; after one more sweep nothing is half-done.
    const resolve = await replicas[1]!.slack.command('resolve Recovered', { userId: 'UALICE', channelId: channel });
    expect(resolve.status).toBe(200);
    await eventually(async () => (await db.selectFrom('incidents').select('state').where('number', '=', declared.number).executeTakeFirstOrThrow()).state === 'resolved');
    await sleep(SWEEP_MS + 500);

    const posts = nudgePosts();
    const rows = await db.selectFrom('nudges').selectAll().where('incident_number', '=', declared.number).orderBy('due_at').execute();
    expect(posts.every((p) => p.response?.ok)).toBe(true);
    expect(posts.length).toBeGreaterThanOrEqual(3);
    // Each post is the one recorded for its window, sent once, on the first try.
    expect(posts.map((p) => p.response.ts).sort()).toEqual(rows.map((r) => r.message_ts).sort());
    expect(rows.map((r) => r.streak)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.every((r) => r.sent_at !== null && r.attempts === 0 && r.gave_up_at === null)).toBe(true);
    // Windows exactly one apart, each nudge posted within its own window.
    expect(rows[0]!.due_at.getTime()).toBe(declared.next_update_due_at.getTime());
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.due_at.getTime() - rows[i - 1]!.due_at.getTime()).toBe(WINDOW_MS);
    for (const row of rows) {
      const post = posts.find((p) => p.response.ts === row.message_ts)!;
      expect(post.at).toBeGreaterThanOrEqual(row.due_at.getTime());
      expect(post.at).toBeLessThan(row.due_at.getTime() + WINDOW_MS);
    }
    // A sweep runs on each replica every second: posts may drift by up to one sweep, never more.
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThan(WINDOW_MS - SWEEP_MS);
    // Escalations ride on their nudge, once each: a DM to the commander from the second, the announcement thread from the third.
    const escalations = (to: string, threadTs?: string) =>
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === to && c.args.thread_ts === threadTs && String(c.args.text).includes(`INC-${declared.number} has had no status update`));
    expect(escalations('UALICE')).toHaveLength(rows.filter((r) => r.streak >= 2).length);
    expect(escalations(INCIDENTS_CHANNEL, declared.announcement_ts!)).toHaveLength(rows.filter((r) => r.streak >= 3).length);
    const timelineNudges = await db.selectFrom('timeline_entries').select('message_ts').where('incident_number', '=', declared.number).where('kind', '=', 'nudge').execute();
    expect(timelineNudges.map((e) => e.message_ts).sort()).toEqual(rows.map((r) => r.message_ts).sort());
  }, 45_000);

  it('stores and posts both of two status updates sent to the two replicas at the same moment, round after round', async () => {
    const { triggerId } = await command(replicas[0]!, 'declare sev3 Two replicas updating');
    const incident = await eventually(async () => {
      const [row] = await incidentsByKey([triggerId]);
      // Read again once done: the row read first may predate the card's or announcement's ts.
      return (await declarationDone(db, row)) ? (await incidentsByKey([triggerId]))[0] : undefined;
    }, 15_000, 'the declaration');
    const channelId = incident.channel_id!;
    const answers: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const sent = await Promise.all([
        replicas[0]!.slack.command(`update identified Replica round ${round} from Alice`, { userId: 'UALICE', channelId }),
        replicas[1]!.slack.command(`update monitoring Replica round ${round} from Bob`, { userId: 'UBOB', channelId }),
      ]);
      answers.push(...sent.map((r) => r.responseUrl));
      await eventually(async () => {
        const rows = await db.selectFrom('status_updates').selectAll().where('incident_number', '=', incident.number).execute();
        return rows.length === round * 2 && rows.every((r) => r.message_ts !== null);
      }, 15_000, `round ${round} stored and posted`);
    }
    const rows = await db.selectFrom('status_updates').selectAll().where('incident_number', '=', incident.number).orderBy('id').execute();
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channelId && /Replica round/.test(JSON.stringify(c.args.blocks)));
    expect(posts.map((p) => p.response.ts as string).sort()).toEqual(rows.map((r) => r.message_ts).sort());
    const stored = await db.selectFrom('incidents').selectAll().where('number', '=', incident.number).executeTakeFirstOrThrow();
    expect(stored.state).toBe(rows.at(-1)!.state);
    expect(fake.callsTo('response_url').filter((c) => answers.includes(c.args.url))).toEqual([]);
  });

  it('runs each effect once across both replicas: every post made once, every effect claimed once', async () => {
    const { triggerId } = await command(replicas[1]!, 'declare sev3 Effects across replicas');
    const incident = await eventually(async () => {
      const [row] = await incidentsByKey([triggerId]);
      // Read again once done: the row read first may predate the card's or announcement's ts.
      return (await declarationDone(db, row)) ? (await incidentsByKey([triggerId]))[0] : undefined;
    }, 15_000, 'the declaration');
    const channelId = incident.channel_id!;
    await Promise.all(
      [0, 1, 2, 3].map((i) => replicas[i % 2]!.slack.command(`update Effect check ${i}`, { userId: i % 2 ? 'UBOB' : 'UALICE', channelId })),
    );
    const effects = await eventually(async () => {
      const rows = await db.selectFrom('effects').selectAll().where('incident_number', '=', incident.number).execute();
      return rows.length > 0 && rows.every((r) => r.state === 'done') && rows.filter((r) => r.kind === 'incident.status_update_posted').length === 4 ? rows : undefined;
    }, 20_000, 'every effect done');
    // A second claim of the same effect would have counted a second attempt.
    expect(effects.map((e) => e.attempts)).toEqual(effects.map(() => 1));
    for (let i = 0; i < 4; i++) {
      const posts = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channelId && JSON.stringify(c.args.blocks ?? c.args.text).includes(`Effect check ${i}`));
      expect(posts).toHaveLength(1);
    }
  });

  it('logs no error on either replica, and both stop cleanly on SIGTERM', async () => {
    for (const replica of replicas) expect(logLines(replica).filter((l) => l.level >= 50)).toEqual([]);
    // 'close' rather than 'exit': it comes once the process's output has all been read.
    const exits = replicas.map((replica) => new Promise<number | null>((resolve) => replica.once('close', (code) => resolve(code))));
    for (const replica of replicas) replica.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
    for (const replica of replicas) expect(logLines(replica).at(-1)?.msg).toBe('sitrep stopped');
  }, 20_000);
});
