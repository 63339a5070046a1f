import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/action-ids.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { FakeSlack } from '../support/fake-slack.js';
import { plainText, staticSelect } from '../support/slack-requests.js';
import { commandIn, type DeclaredIncident, declare, INCIDENTS_CHANNEL, startResponderApp } from './responder-support.js';

// A sev1 goes stale after 2 s and the sweep runs every second: nudges within a test's time.
const NUDGE_ENV = { STALE_AFTER_SEV1: '2s', REMINDER_CRON: '* * * * * *' };
const WINDOW_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The nudges Sitrep posted in a channel (Web API calls, with the ts Slack answered). */
function nudgePosts(fake: FakeSlack, channelId: string) {
  return fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channelId && /no status update/.test(String(c.args.text ?? '')) && c.response?.ok)
    .map((c) => ({ text: String(c.args.text), ts: c.response.ts as string, at: c.at }));
}

async function nthNudge(fake: FakeSlack, incident: DeclaredIncident, n: number, timeoutMs = 8_000) {
  return eventually(() => nudgePosts(fake, incident.channelId)[n - 1], timeoutMs, `nudge ${n} in ${incident.channelId}`);
}

describe.each(DATABASE_KINDS)('stale-update nudges end to end on %s', (kind) => {
  let app: TestApp;
  const declared: DeclaredIncident[] = [];

  beforeAll(async () => {
    app = await startResponderApp(kind, NUDGE_ENV);
    for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob']]) app.fake.addUser({ id: id!, name: name! });
  });
  afterAll(async () => {
    await app?.stop();
  });
  // Earlier tests' incidents would keep being nudged every two seconds: quiet them.
  afterEach(async () => {
    await app.sitrep.ctx.db.updateTable('incidents').set({ state: 'resolved' }).where('number', 'in', declared.map((d) => d.number)).execute();
  });

  async function declareSev1(title: string): Promise<DeclaredIncident> {
    const incident = await declare(app, `declare sev1 ${title}`, 'UALICE');
    declared.push(incident);
    return incident;
  }

  it('nudges a stale incident in its channel, naming commander and comms lead, and its button opens the update form', async () => {
    const incident = await declareSev1('Checkout failing');
    const assigned = await commandIn(app, incident, 'role comms <@UBOB>');
    expect(assigned.status).toBe(200);
    await eventually(async () => (await app.sitrep.ctx.db.selectFrom('role_assignments').select('id').where('incident_number', '=', incident.number).where('role', '=', 'comms').executeTakeFirst()) ?? false);

    const nudge = await nthNudge(app.fake, incident, 1);
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
  });

  it('stops nudging once an update is posted from the nudge, until the update’s next-update time', async () => {
    const incident = await declareSev1('Search is slow');
    const nudge = await nthNudge(app.fake, incident, 1);
    const click = await app.slack.clickButton(app.fake.findMessage(incident.channelId, nudge.ts)!, ACTIONS.postUpdate, { userId: 'UALICE' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === click.triggerId);
    const submitted = await app.slack.viewSubmission(
      app.fake.views.get(opened.response.view.id),
      { update_text: { text: plainText('Rolled back the search deploy') }, update_next: { next_in_ms: staticSelect(String(15 * 60_000)) } },
      { userId: 'UALICE' },
    );
    expect(submitted.status).toBe(200);
    await eventually(() => app.sitrep.ctx.db.selectFrom('status_updates').select('id').where('incident_number', '=', incident.number).executeTakeFirst());
    const countAfterUpdate = nudgePosts(app.fake, incident.channelId).length;

    await sleep(2 * WINDOW_MS + 1_000);
    expect(nudgePosts(app.fake, incident.channelId)).toHaveLength(countAfterUpdate);
  });

  it('restarts the streak after a quick update: the next nudge is a first one again', async () => {
    const incident = await declareSev1('Login errors');
    await nthNudge(app.fake, incident, 1);
    await commandIn(app, incident, 'update Restarting the auth pods', 'UALICE');
    const updatedAt = await eventually(async () => {
      const row = await app.sitrep.ctx.db.selectFrom('status_updates').select('posted_at').where('incident_number', '=', incident.number).executeTakeFirst();
      return row?.posted_at;
    });
    const next = await nthNudge(app.fake, incident, 2);
    expect(next.at).toBeGreaterThanOrEqual(updatedAt.getTime() + WINDOW_MS);
    expect(next.text).not.toContain('in a row');
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UALICE' && String(c.args.text).includes(`INC-${incident.number} `))).toHaveLength(0);
  });

  it('stops nudging a resolved incident', async () => {
    const incident = await declareSev1('Payments declined');
    await nthNudge(app.fake, incident, 1);
    await commandIn(app, incident, 'resolve Card processor recovered', 'UALICE');
    await eventually(async () => {
      const row = await app.sitrep.ctx.db.selectFrom('incidents').select('state').where('number', '=', incident.number).executeTakeFirstOrThrow();
      return row.state === 'resolved';
    });
    const countAtResolve = nudgePosts(app.fake, incident.channelId).length;
    await sleep(2 * WINDOW_MS + 1_000);
    expect(nudgePosts(app.fake, incident.channelId)).toHaveLength(countAtResolve);
  });

  it('escalates: the second nudge in a row messages the commander directly, the third goes under the announcement', async () => {
    const incident = await declareSev1('Queue backlog');
    const first = await nthNudge(app.fake, incident, 1);
    const second = await nthNudge(app.fake, incident, 2);
    expect(second.at - first.at).toBeGreaterThan(WINDOW_MS - 500);
    expect(second.text).toContain('(nudge 2 in a row)');
    const dm = await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'UALICE' && String(a.text).includes(`INC-${incident.number} `));
    expect(dm.args.text).toContain(`<#${incident.channelId}>`);
    expect(dm.args.text).toContain(`archives/${incident.channelId}`);

    await nthNudge(app.fake, incident, 3);
    const reply = await app.fake.waitFor('chat.postMessage', (a) => a.channel === INCIDENTS_CHANNEL && a.thread_ts === incident.announcementTs);
    // No one holds comms, so the declarer is the one named there.
    expect(reply.args.text).toContain('<@UALICE>');
    expect(reply.args.text).toContain(`INC-${incident.number}`);
  });

  it('gives up on an archived incident channel instead of retrying every sweep', async () => {
    const incident = await declareSev1('Archive me');
    app.fake.archiveChannel(incident.channelId);
    const tries = () => app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === incident.channelId && /no status update/.test(String(c.args.text))).length;
    await eventually(() => tries() === 1, 8_000, 'the nudge to the archived channel');
    const row = await eventually(() =>
      app.sitrep.ctx.db.selectFrom('nudges').selectAll().where('incident_number', '=', incident.number).where('gave_up_at', 'is not', null).executeTakeFirst(),
    );
    expect(row.last_error).toBe('room_gone: is_archived');
    await sleep(2 * WINDOW_MS + 1_000);
    expect(tries()).toBe(1);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two replicas on one Postgres database', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    fake = await FakeSlack.start();
    database = await freshDatabase('postgres');
    fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
    fake.addUser({ id: 'UALICE', name: 'alice' });
    for (let i = 0; i < 2; i++) {
      apps.push(await startTestApp('postgres', { database, fake, env: { ...NUDGE_ENV, INCIDENTS_CHANNEL } }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await fake?.close();
    await database?.drop();
  });

  it('nudge each stale incident exactly once per window', async () => {
    const incidents = [
      await declare(apps[0]!, 'declare sev1 Replica one', 'UALICE'),
      await declare(apps[1]!, 'declare sev1 Replica two', 'UALICE'),
      await declare(apps[0]!, 'declare sev1 Replica three', 'UALICE'),
    ];
    for (const incident of incidents) await nthNudge(fake, incident, 3, 12_000);
    // Stop the sweeps before counting, so nothing is half-done.
    for (const app of apps) await app.sitrep.ctx.db.updateTable('incidents').set({ state: 'resolved' }).execute();
    await sleep(1_500);

    const db = apps[0]!.sitrep.ctx.db;
    for (const incident of incidents) {
      const posts = nudgePosts(fake, incident.channelId);
      const rows = await db.selectFrom('nudges').selectAll().where('incident_number', '=', incident.number).orderBy('due_at').execute();
      // One post per window, each the one recorded for its window; windows exactly one apart.
      expect(posts.map((p) => p.ts).sort()).toEqual(rows.map((r) => r.message_ts).sort());
      expect(rows.every((r) => r.sent_at !== null && r.attempts === 0)).toBe(true);
      expect(rows.map((r) => r.streak)).toEqual(rows.map((_, i) => i + 1));
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.due_at.getTime() - rows[i - 1]!.due_at.getTime()).toBe(WINDOW_MS);
      for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThan(WINDOW_MS - 500);
    }
  });
});
