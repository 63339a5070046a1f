import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/action-ids.js';
import { sendDueNudges } from '../../src/usecases/send-due-nudges.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { FakeSlack } from '../support/fake-slack.js';
import { plainText, staticSelect } from '../support/slack-requests.js';
import { commandIn, type DeclaredIncident, declare, INCIDENTS_CHANNEL, startResponderApp } from './responder-support.js';

const MINUTE = 60_000;
// The cron never fires: the fake-clock suites run the sweep themselves, as the clock says.
const NO_CRON = { REMINDER_CRON: '0 0 1 1 *' };

/** The nudges Sitrep posted in a channel (Web API calls, with the ts Slack answered). */
function nudgePosts(fake: FakeSlack, channelId: string) {
  return fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channelId && /no status update/.test(String(c.args.text ?? '')) && c.response?.ok)
    .map((c) => ({ text: String(c.args.text), ts: c.response.ts as string }));
}

/** A clock the tests move by hand, shared by every app it is given to; it only goes forward. */
function fakeClock() {
  // Starts a day back: only the use cases read this clock, the effect queue reads the real one, and
  // what a declare owes (stored as due at this clock's now) must be due for it at once.
  let now = new Date(Date.now() - 24 * 60 * MINUTE);
  return {
    now: () => now,
    /** Moves on to `ms` after `from` (or after now). */
    set(from: Date, ms: number) {
      now = new Date(from.getTime() + ms);
      return now;
    },
  };
}

// The one smoke test on the real clock and cron (on PGlite; the fake-clock suites below and
// test/deploy/replicas.test.ts cover Postgres): the sweep runs by itself and its nudge works.
describe('stale-update nudges end to end, on the real clock', () => {
  let app: TestApp;

  beforeAll(async () => {
    // A sev1 goes stale after 2 s and the sweep runs every second.
    app = await startResponderApp('pglite', { STALE_AFTER_SEV1: '2s', REMINDER_CRON: '* * * * * *' });
    for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob']]) app.fake.addUser({ id: id!, name: name! });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('nudges a stale incident in its channel, naming commander and comms lead, and its button opens the update form', async () => {
    const incident = await declare(app, 'declare sev1 Checkout failing', 'UALICE');
    const assigned = await commandIn(app, incident, 'role comms <@UBOB>');
    expect(assigned.status).toBe(200);
    await eventually(async () => (await app.sitrep.ctx.db.selectFrom('role_assignments').select('id').where('incident_number', '=', incident.number).where('role', '=', 'comms').executeTakeFirst()) ?? false);

    const nudge = await eventually(() => nudgePosts(app.fake, incident.channelId)[0], 8_000, 'the first nudge');
    expect(nudge.text).toContain('<@UALICE>');
    expect(nudge.text).toContain('<@UBOB>');
    expect(nudge.text).toMatch(/no status update for \d+s\b/);
    const entry = await eventually(() =>
      app.sitrep.ctx.db.selectFrom('timeline_entries').selectAll().where('incident_number', '=', incident.number).where('kind', '=', 'nudge').executeTakeFirst(),
    );
    expect(entry).toMatchObject({ channel_id: incident.channelId, message_ts: nudge.ts });

    const message = app.fake.findMessage(incident.channelId, nudge.ts)!;
    const click = await app.slack.clickButton(message, ACTIONS.postUpdate, { userId: 'UBOB' });
    expect(click.status).toBe(200);
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === click.triggerId);
    expect(opened.response.ok).toBe(true);
    expect(opened.args.view.callback_id).toBe('post_update');
    // Quiet it, so the cron does not go on nudging it while the app stops.
    await app.sitrep.ctx.db.updateTable('incidents').set({ state: 'resolved' }).where('number', '=', incident.number).execute();
  });
});

describe.each(DATABASE_KINDS)('stale-update nudges on a fake clock on %s', (kind) => {
  let app: TestApp;
  const clock = fakeClock();
  let window: number;

  beforeAll(async () => {
    app = await startResponderApp(kind, NO_CRON);
    for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob']]) app.fake.addUser({ id: id!, name: name! });
    app.sitrep.ctx.now = clock.now;
    window = app.sitrep.ctx.policy.updateEveryMs('sev1');
  });
  afterAll(async () => {
    await app?.stop();
  });
  // Each test's incidents stop being candidates once it is over.
  afterEach(async () => {
    await app.sitrep.ctx.db.updateTable('incidents').set({ state: 'resolved' }).execute();
  });

  /** A sev1 declared by alice now, and when that was. */
  async function declareSev1(title: string): Promise<DeclaredIncident & { declaredAt: Date }> {
    const declaredAt = clock.set(clock.now(), MINUTE);
    return { ...(await declare(app, `declare sev1 ${title}`, 'UALICE')), declaredAt };
  }
  // The sweep's own answer is the probe that the app caught up: once it returns, its posts are made.
  const sweepAt = (from: Date, ms: number) => {
    clock.set(from, ms);
    return sendDueNudges(app.sitrep.ctx, 'r1');
  };
  const nudges = (incident: DeclaredIncident) => nudgePosts(app.fake, incident.channelId);

  it('stops nudging once an update is posted from the nudge, until the update’s next-update time', async () => {
    const incident = await declareSev1('Search is slow');
    expect(await sweepAt(incident.declaredAt, window - 1)).toMatchObject({ sent: 0 });
    expect(await sweepAt(incident.declaredAt, window)).toMatchObject({ sent: 1 });
    const [nudge] = nudges(incident);
    clock.set(clock.now(), 2 * MINUTE);
    const click = await app.slack.clickButton(app.fake.findMessage(incident.channelId, nudge!.ts)!, ACTIONS.postUpdate, { userId: 'UALICE' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === click.triggerId);
    const submitted = await app.slack.viewSubmission(
      app.fake.views.get(opened.response.view.id),
      { update_text: { text: plainText('Rolled back the search deploy') }, update_next: { next_in_ms: staticSelect(String(40 * MINUTE)) } },
      { userId: 'UALICE' },
    );
    expect(submitted.status).toBe(200);
    const updatedAt = clock.now();
    await eventually(() => app.sitrep.ctx.db.selectFrom('status_updates').select('id').where('incident_number', '=', incident.number).executeTakeFirst());

    // Two windows pass without a nudge: the update asked for the next one in 40 minutes.
    expect(await sweepAt(updatedAt, 2 * window)).toMatchObject({ sent: 0 });
    expect(await sweepAt(updatedAt, 40 * MINUTE - 1)).toMatchObject({ sent: 0 });
    expect(nudges(incident)).toHaveLength(1);
    expect(await sweepAt(updatedAt, 40 * MINUTE)).toMatchObject({ sent: 1 });
    expect(nudges(incident)[1]!.text).not.toContain('in a row');
  });

  it('restarts the streak after a quick update: the next nudge is a first one again', async () => {
    const incident = await declareSev1('Login errors');
    await sweepAt(incident.declaredAt, window);
    clock.set(clock.now(), MINUTE);
    await commandIn(app, incident, 'update Restarting the auth pods', 'UALICE');
    const updatedAt = await eventually(async () => {
      const row = await app.sitrep.ctx.db.selectFrom('status_updates').select('posted_at').where('incident_number', '=', incident.number).executeTakeFirst();
      return row?.posted_at;
    });
    expect(await sweepAt(updatedAt, window - 1)).toMatchObject({ sent: 0 });
    expect(await sweepAt(updatedAt, window)).toMatchObject({ sent: 1 });
    const next = nudges(incident)[1]!;
    expect(next.text).not.toContain('in a row');
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UALICE' && String(c.args.text).includes(`INC-${incident.number} `))).toHaveLength(0);
  });

  it('stops nudging a resolved incident', async () => {
    const incident = await declareSev1('Payments declined');
    await sweepAt(incident.declaredAt, window);
    await commandIn(app, incident, 'resolve Card processor recovered', 'UALICE');
    await eventually(async () => {
      const row = await app.sitrep.ctx.db.selectFrom('incidents').select('state').where('number', '=', incident.number).executeTakeFirstOrThrow();
      return row.state === 'resolved';
    });
    for (const windows of [2, 3, 10]) expect(await sweepAt(incident.declaredAt, windows * window)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(nudges(incident)).toHaveLength(1);
  });

  it('escalates: the second nudge in a row messages the commander directly, the third goes under the announcement', async () => {
    const incident = await declareSev1('Queue backlog');
    await sweepAt(incident.declaredAt, window);
    await sweepAt(incident.declaredAt, 2 * window - 1);
    expect(nudges(incident)).toHaveLength(1);
    await sweepAt(incident.declaredAt, 2 * window);
    const second = nudges(incident)[1]!;
    expect(second.text).toContain('(nudge 2 in a row)');
    const dm = await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'UALICE' && String(a.text).includes(`INC-${incident.number} `));
    expect(dm.args.text).toContain(`<#${incident.channelId}>`);
    expect(dm.args.text).toContain(`archives/${incident.channelId}`);

    await sweepAt(incident.declaredAt, 3 * window);
    expect(nudges(incident)).toHaveLength(3);
    const reply = await app.fake.waitFor('chat.postMessage', (a) => a.channel === INCIDENTS_CHANNEL && a.thread_ts === incident.announcementTs);
    // No one holds comms, so the declarer is the one named there.
    expect(reply.args.text).toContain('<@UALICE>');
    expect(reply.args.text).toContain(`INC-${incident.number}`);
  });

  it('gives up on an archived incident channel instead of retrying every sweep', async () => {
    const incident = await declareSev1('Archive me');
    app.fake.archiveChannel(incident.channelId);
    const tries = () => app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === incident.channelId && /no status update/.test(String(c.args.text))).length;
    expect(await sweepAt(incident.declaredAt, window)).toEqual({ sent: 0, failed: 0, gaveUp: 1 });
    expect(tries()).toBe(1);
    const row = await app.sitrep.ctx.db.selectFrom('nudges').selectAll().where('incident_number', '=', incident.number).where('gave_up_at', 'is not', null).executeTakeFirst();
    expect(row?.last_error).toBe('room_gone: is_archived');
    for (const windows of [1.5, 2, 3]) expect(await sweepAt(incident.declaredAt, windows * window)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(tries()).toBe(1);
  });

  it('posts a nudge once when Slack posted it but its answer was lost: the next sweep finds it by its metadata', async () => {
    const incident = await declareSev1('Answer lost');
    app.fake.failNext('chat.postMessage', { status: 500, afterWrite: true });
    expect(await sweepAt(incident.declaredAt, window)).toMatchObject({ sent: 0, failed: 1 });
    expect(await sweepAt(incident.declaredAt, window + MINUTE)).toMatchObject({ sent: 1, failed: 0 });
    const inChannel = app.fake.messages(incident.channelId).filter((m) => /no status update/.test(String(m.text)));
    expect(inChannel).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === incident.channelId && /no status update/.test(String(c.args.text)))).toHaveLength(1);
    const row = await app.sitrep.ctx.db.selectFrom('nudges').selectAll().where('incident_number', '=', incident.number).executeTakeFirstOrThrow();
    expect(row.message_ts).toBe(inChannel[0]!.ts);
  });

  it('escalates once when Slack sent the direct message and the thread mention but both answers were lost', async () => {
    const incident = await declareSev1('Escalation answers lost');
    const dmChannel = app.fake.dmChannelId('UALICE');
    const isDm = (a: Record<string, unknown>) => (a.channel === 'UALICE' || a.channel === dmChannel) && String(a.text).includes(`INC-${incident.number} `);
    const isMention = (a: Record<string, unknown>) => a.channel === INCIDENTS_CHANNEL && a.thread_ts === incident.announcementTs;
    const escalated = async (kind: number) => {
      const rows = await app.sitrep.ctx.db.selectFrom('effects').select(['state', 'attempts']).where('kind', '=', 'incident.nudge_escalated').where('incident_number', '=', incident.number).execute();
      return rows.length === kind && rows.every((r) => r.state === 'done') ? rows : undefined;
    };
    await sweepAt(incident.declaredAt, window);

    // Slack delivers the direct message, then its answer is lost: the retry opens the IM and finds it there.
    app.fake.failNextWhere('chat.postMessage', isDm, { status: 500, afterWrite: true });
    expect(await sweepAt(incident.declaredAt, 2 * window)).toMatchObject({ sent: 1 });
    expect(await eventually(() => escalated(1), 10_000, 'the escalation done')).toEqual([{ state: 'done', attempts: 2 }]);
    expect(app.fake.messages(dmChannel).filter((m) => String(m.text).includes(`INC-${incident.number} `))).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => isDm(c.args))).toHaveLength(1);
    expect(app.fake.callsTo('conversations.open').filter((c) => c.args.users === 'UALICE').length).toBeGreaterThan(0);

    // The same for the mention under the announcement (third nudge in a row).
    app.fake.failNextWhere('chat.postMessage', isMention, { status: 500, afterWrite: true });
    expect(await sweepAt(incident.declaredAt, 3 * window)).toMatchObject({ sent: 1 });
    await eventually(() => escalated(2), 10_000, 'the second escalation done');
    expect(app.fake.messages(INCIDENTS_CHANNEL, { thread_ts: incident.announcementTs }).filter((m) => m.ts !== incident.announcementTs)).toHaveLength(1);
    expect(app.fake.messages(dmChannel).filter((m) => String(m.text).includes(`INC-${incident.number} `))).toHaveLength(2);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => isMention(c.args))).toHaveLength(1);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two replicas on one Postgres database, on a fake clock', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  const apps: TestApp[] = [];
  const clock = fakeClock();

  beforeAll(async () => {
    fake = await FakeSlack.start();
    database = await freshDatabase('postgres');
    fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
    fake.addUser({ id: 'UALICE', name: 'alice' });
    for (let i = 0; i < 2; i++) {
      const app = await startTestApp('postgres', { database, fake, env: { ...NO_CRON, INCIDENTS_CHANNEL } });
      app.sitrep.ctx.now = clock.now;
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await fake?.close();
    await database?.drop();
  });

  it('nudge each stale incident exactly once per window when both sweep at the same moments', async () => {
    const declaredAt = clock.now();
    const incidents = [
      await declare(apps[0]!, 'declare sev1 Replica one', 'UALICE'),
      await declare(apps[1]!, 'declare sev1 Replica two', 'UALICE'),
      await declare(apps[0]!, 'declare sev1 Replica three', 'UALICE'),
    ];
    const window = apps[0]!.sitrep.ctx.policy.updateEveryMs('sev1');
    for (const offset of [window, window + MINUTE, 2 * window, 2 * window + 1, 3 * window, 3 * window + 2 * MINUTE]) {
      clock.set(declaredAt, offset);
      await Promise.all(apps.map((app, i) => sendDueNudges(app.sitrep.ctx, `replica-${i}`)));
    }

    const db = apps[0]!.sitrep.ctx.db;
    for (const incident of incidents) {
      const posts = nudgePosts(fake, incident.channelId);
      const rows = await db.selectFrom('nudges').selectAll().where('incident_number', '=', incident.number).orderBy('due_at').execute();
      // One post per window, each the one recorded for its window; windows exactly one apart.
      expect(posts).toHaveLength(3);
      expect(posts.map((p) => p.ts).sort()).toEqual(rows.map((r) => r.message_ts).sort());
      expect(rows.every((r) => r.sent_at !== null && r.attempts === 0)).toBe(true);
      expect(rows.map((r) => r.streak)).toEqual([1, 2, 3]);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.due_at.getTime() - rows[i - 1]!.due_at.getTime()).toBe(window);
    }
  });
});
