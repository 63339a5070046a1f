// Every side effect of the lifecycle runs through the durable effect queue: exactly once (a post
// whose answer was lost is found again by its metadata, not posted twice), retried until Slack takes
// it, reported in the channel when given up, and never reported to the person as a failed change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOfIncident } from '../../src/db/effect-store.js';
import { resumePendingDeclarations } from '../../src/usecases/resume-pending-declarations.js';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { answerTo, cardText, commandIn, declare, INCIDENTS_CHANNEL, incidentRow, startResponderApp, timelineOf, topicMatching } from './responder-support.js';

describe.each(DATABASE_KINDS)('side effects through the effect queue on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const effectsSettled = (number: number) =>
    eventually(async () => {
      const effects = await effectsOfIncident(app.sitrep.ctx.db, number);
      return effects.every((e) => e.state !== 'pending') ? effects : undefined;
    }, 20_000, 'every effect finished');

  it('posts a status update once when Slack posted it but answered 500, and links that post', async () => {
    const incident = await declare(app);
    app.fake.failNext('chat.postMessage', { status: 500, afterWrite: true });
    await commandIn(app, incident, 'update identified Bad deploy found', 'UBOB');
    const row = await eventually(async () => {
      const stored = await app.sitrep.ctx.db.selectFrom('status_updates').selectAll().where('incident_number', '=', incident.number).executeTakeFirst();
      return stored?.message_ts ? stored : undefined;
    }, 15_000, 'the update linked to its post');

    const posts = app.fake.messages(incident.channelId).filter((m) => (m.text ?? '').includes('Bad deploy found'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.ts).toBe(row.message_ts);
    expect(posts[0]!.metadata).toMatchObject({ event_type: 'sitrep_effect' });
    // The second try looked for the first one's post instead of posting again.
    expect(app.fake.callsTo('conversations.history').some((c) => c.args.channel === incident.channelId && c.args.include_all_metadata)).toBe(true);
    const effects = await effectsSettled(incident.number);
    expect(effects.find((e) => e.kind === 'incident.status_update_posted')).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('resolves when the channel notice fails: stored, the person told it is stored, the notice and views follow once Slack is back', async () => {
    const incident = await declare(app);
    app.fake.failNext('chat.postMessage', { status: 503 }, 3);
    app.fake.failNext('chat.update', { status: 503 }, 8);
    const answer = await answerTo(app, 'resolve Rolled back', { channelId: incident.channelId, userId: 'UBOB' });

    expect(answer.text).toContain(`INC-${incident.number}: the resolution is stored`);
    expect(answer.text).not.toMatch(/went wrong|try again/i);
    expect((await incidentRow(app, incident.number)).state).toBe('resolved');

    // Slack is back: the notice is posted once, then the card, topic and announcement show it resolved.
    const entry = await eventually(async () => (await timelineOf(app, incident.number)).find((e) => e.kind === 'resolved' && e.message_ts !== null), 20_000, 'resolution posted');
    const notices = app.fake.messages(incident.channelId).filter((m) => /resolved\* by/.test(m.text ?? ''));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.ts).toBe(entry.message_ts);
    await topicMatching(app, incident, /resolved/i);
    await eventually(() => /resolved/i.test(cardText(app, incident)), 20_000, 'card shows resolved');
    await eventually(() => /resolved/i.test(JSON.stringify(app.fake.findMessage(INCIDENTS_CHANNEL, incident.announcementTs)?.blocks)), 20_000, 'announcement shows resolved');
    // Resolving again is refused as already resolved: the person was told the truth the first time.
    const again = await answerTo(app, 'resolve', { channelId: incident.channelId, userId: 'UBOB' });
    expect(again.text).toMatch(/already resolved|is resolved/i);
  });

  it('tells the channel about a notice given up, and the person that the change is stored', async () => {
    const incident = await declare(app);
    app.fake.failNext('chat.postMessage', { error: 'msg_too_long' });
    const answer = await answerTo(app, 'severity sev1', { channelId: incident.channelId, userId: 'UBOB' });
    expect(answer.text).toContain(`INC-${incident.number}: the severity change is stored, but Slack could not post it`);
    expect((await incidentRow(app, incident.number)).severity).toBe('sev1');
    const report = await eventually(
      () => app.fake.messages(incident.channelId).find((m) => (m.text ?? '').startsWith(':warning: Sitrep could not post the severity change after 1 try')),
      10_000,
      'given-up report',
    );
    expect(report.text).toContain('msg_too_long');
  });

  it("posts the report of a notice given up once when Slack posted it but its answer was lost", async () => {
    const incident = await declare(app);
    await effectsSettled(incident.number);
    const isReport = (a: Record<string, unknown>) => a.channel === incident.channelId && String(a.text).startsWith(':warning: Sitrep could not post the severity change');
    app.fake.failNext('chat.postMessage', { error: 'msg_too_long' });
    app.fake.failNextWhere('chat.postMessage', isReport, { status: 500, afterWrite: true });
    await answerTo(app, 'severity sev1', { channelId: incident.channelId, userId: 'UBOB' });
    const effects = await effectsSettled(incident.number);
    expect(effects.filter((e) => e.kind === 'effect.gave_up_reported')).toMatchObject([{ state: 'done', attempts: 2 }]);
    expect(app.fake.messages(incident.channelId).filter((m) => isReport(m as Record<string, unknown>))).toHaveLength(1);
  });

  it('refreshes the card and topic at most once per change in a burst, ending on the state stored last', async () => {
    const incident = await declare(app);
    app.fake.reset();
    await Promise.all(['identified', 'monitoring', 'identified', 'monitoring'].map((state, i) => commandIn(app, incident, `update ${state} Step ${i}`, 'UBOB')));
    // The commands are acked before they are stored: wait for all four, then for what they owe.
    await eventually(async () => {
      const updates = await app.sitrep.ctx.db.selectFrom('status_updates').select('id').where('incident_number', '=', incident.number).execute();
      return updates.length === 4;
    }, 20_000, 'the four updates stored');
    await effectsSettled(incident.number);
    const refreshes = app.fake.callsTo('conversations.setTopic').filter((c) => c.args.channel === incident.channelId);
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.length).toBeLessThanOrEqual(4);
    const stored = await incidentRow(app, incident.number);
    expect(app.fake.getChannel(incident.channelId)!.topic.value.toLowerCase()).toContain(stored.state);
  });

  it('makes one channel when Slack created it but its answer was lost: the retry finds it by its reserved name', async () => {
    const before = new Set(app.fake.callsTo('conversations.create').map((c) => c.args.name));
    app.fake.failNext('conversations.create', { status: 500, afterWrite: true });
    const reply = await app.slack.command('declare sev3 Lost create answer', { userId: 'UALICE' });
    const name = (await app.fake.waitFor('conversations.create', (a) => !before.has(a.name))).args.name as string;
    const answer = await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 10_000);
    expect(answer.args.text).toContain('could not create its channel yet');
    await resumePendingDeclarations(app.sitrep.ctx);

    const row = await app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('channel_name', '=', name).executeTakeFirstOrThrow();
    const made = [...app.fake.channels.values()].filter((c) => c.name.startsWith(name));
    expect(made.map((c) => c.id)).toEqual([row.channel_id]);
    expect(row.declare_step).toBe('announced');
  });
});
