import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listOpenIncidents } from '../../src/db/incident-store.js';
import { resumePendingDeclarations } from '../../src/usecases/resume-pending-declarations.js';
import { eventually, FAST_RETRIES, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { plainText } from '../support/slack-requests.js';
import {
  createdChannel,
  declarationsSettled,
  INCIDENTS_CHANNEL,
  incidentRow,
  incidentRowByChannel,
  nextIncidentNumber,
  runCommand,
  startDeclareApp,
} from './declare-support.js';

// One call and the client's retries: a failure injected this many times outlasts them all.
const ATTEMPTS = 1 + FAST_RETRIES.retries!;

describe.each(DATABASE_KINDS)('declaring when Slack fails, on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startDeclareApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    // What an earlier test's declaration still owed is not counted in the next one.
    await declarationsSettled(app);
    app.fake.reset();
  });

  const okCalls = (method: string) => app.fake.callsTo(method).filter((c) => c.response?.ok);

  it('tells the declarer in words when the channel cannot be created, and does not list the incident as open', async () => {
    const number = await nextIncidentNumber(app);
    app.fake.failNext('conversations.create', { error: 'restricted_action' });
    const { answer } = await runCommand(app, 'declare sev1 DB down', { userId: 'UALICE' });
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(`INC-${number}`);
    expect(answer.text).toContain('this workspace does not let the bot create channels');

    const row = await incidentRow(app, number);
    expect(row.declare_abandoned_at).toBeInstanceOf(Date);
    expect(row.declare_error).toBe('conversations.create: restricted_action; declaration abandoned');
    expect(row.channel_id).toBeNull();
    expect((await listOpenIncidents(app.sitrep.ctx.db)).map((i) => i.number)).not.toContain(number);
    expect(app.fake.callsTo('conversations.invite')).toHaveLength(0);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);
    // The sweep leaves an abandoned declaration alone.
    expect(await resumePendingDeclarations(app.sitrep.ctx)).toEqual([]);
    expect(app.fake.callsTo('conversations.create')).toHaveLength(1);
  });

  it('posts the card and the announcement once each after a 429 on chat.postMessage', async () => {
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const { answer } = await runCommand(app, 'declare sev2 Rate limited', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(answer.text).toContain(`<#${channel.id}>`);
    const posts = app.fake.callsTo('chat.postMessage');
    expect(posts.filter((c) => c.status === 429)).toHaveLength(1);
    expect(posts.filter((c) => c.status === 200).map((c) => c.args.channel).sort()).toEqual([INCIDENTS_CHANNEL, channel.id].sort());
    expect(app.fake.messages(channel.id).filter((m) => m.user === app.fake.botUserId)).toHaveLength(1);
    expect(app.fake.messages(INCIDENTS_CHANNEL).filter((m) => m.user === app.fake.botUserId)).toHaveLength(1);
    expect((await incidentRowByChannel(app, channel.id)).declare_step).toBe('announced');
  });

  it('declares once when the same form is submitted twice, and once for a retried command', async () => {
    const reply = await app.slack.command('declare', { userId: 'UBOB' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === reply.triggerId);
    const view = app.fake.views.get(opened.response.view.id);
    const values = { declare_title: { title: plainText('Double submit') } };
    const submits = await Promise.all([
      app.slack.viewSubmission(view, values, { userId: 'UBOB' }),
      app.slack.viewSubmission(view, values, { userId: 'UBOB' }),
    ]);
    expect(submits.map((s) => s.status)).toEqual([200, 200]);
    await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'UBOB', 10_000);
    const rows = await app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('request_key', '=', view.id).execute();
    expect(rows).toHaveLength(1);
    expect(app.fake.callsTo('conversations.create')).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UBOB')).toHaveLength(1);

    app.fake.reset();
    const triggerId = app.slack.newTriggerId();
    const first = await runCommand(app, 'declare Retried command', { userId: 'UALICE', triggerId });
    const again = await runCommand(app, 'declare Retried command', { userId: 'UALICE', triggerId });
    expect(app.fake.callsTo('conversations.create')).toHaveLength(1);
    expect(again.answer.text).toBe(first.answer.text);
  });

  it('gives the link at once and pins the card on a later try when Slack fails the pin for a while, posting nothing twice', async () => {
    const number = await nextIncidentNumber(app);
    app.fake.failNext('pins.add', { status: 500 }, ATTEMPTS);
    const { answer } = await runCommand(app, 'declare sev2 Pin fails for a while', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(answer.text).toContain(`<#${channel.id}>`);
    const row = await incidentRow(app, number);
    expect(row).toMatchObject({ declare_step: 'announced', declare_error: null });
    expect(await listOpenIncidents(app.sitrep.ctx.db).then((open) => open.map((i) => i.number))).toContain(number);
    expect(app.fake.callsTo('pins.add').length).toBeGreaterThan(ATTEMPTS);
    expect(okCalls('pins.add').map((c) => c.args.timestamp)).toEqual([row.card_ts]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id)).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL)).toHaveLength(1);
    expect(app.fake.callsTo('conversations.create')).toHaveLength(1);
    expect(app.fake.callsTo('conversations.invite')).toHaveLength(1);
    expect(app.fake.callsTo('conversations.setTopic')).toHaveLength(1);
    // Two replicas sweeping at once find nothing left to continue.
    expect(await Promise.all([resumePendingDeclarations(app.sitrep.ctx), resumePendingDeclarations(app.sitrep.ctx)])).toEqual([[], []]);
  });

  it('creates the channel later when Slack is down at declare time, then sends the declarer the link', async () => {
    const number = await nextIncidentNumber(app);
    // conversations.create is never sent twice by the client (a lost answer may hide a created channel).
    app.fake.failNext('conversations.create', { status: 503 });
    const { answer } = await runCommand(app, 'declare sev1 Slack is down too', { userId: 'UALICE' });
    expect(answer.text).toContain('could not create its channel yet');
    expect(await incidentRow(app, number)).toMatchObject({ declare_step: 'reserved', channel_id: null, declare_abandoned_at: null });

    await resumePendingDeclarations(app.sitrep.ctx);
    const channel = createdChannel(app);
    expect(app.fake.callsTo('conversations.create').map((c) => c.args.name)).toEqual(Array(2).fill(`inc-${number}-slack-is-down-too`));
    expect(await incidentRow(app, number)).toMatchObject({ declare_step: 'announced', channel_id: channel.id });
    const dm = await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'UALICE');
    expect(dm.args.text).toContain(`<#${channel.id}>`);
  });

  it("sends the declarer the link once when Slack delivered it but its answer was lost, and once however often the sweep runs", async () => {
    const number = await nextIncidentNumber(app);
    app.fake.failNext('conversations.create', { status: 503 });
    await runCommand(app, 'declare sev1 Link answer lost', { userId: 'UALICE' });
    const isLink = (a: Record<string, unknown>) => (a.channel === 'UALICE' || a.channel === app.fake.dmChannelId('UALICE')) && String(a.text).includes(`*INC-${number}*`);
    app.fake.failNextWhere('chat.postMessage', isLink, { status: 500, afterWrite: true });
    await resumePendingDeclarations(app.sitrep.ctx);
    const channel = createdChannel(app);
    const told = await eventually(async () => {
      const rows = await app.sitrep.ctx.db.selectFrom('effects').select(['state', 'attempts']).where('kind', '=', 'declaration.declarer_told').where('incident_number', '=', number).execute();
      return rows.length === 1 && rows[0]!.state === 'done' ? rows : undefined;
    }, 10_000, "the declarer's message done");
    expect(told).toEqual([{ state: 'done', attempts: 2 }]);
    await resumePendingDeclarations(app.sitrep.ctx);
    await declarationsSettled(app);
    const links = app.fake.messages(app.fake.dmChannelId('UALICE')).filter((m) => String(m.text).includes(`*INC-${number}*`));
    expect(links.map((m) => m.text)).toEqual([`:rotating_light: *INC-${number}* (SEV1) Link answer lost is declared: <#${channel.id}>`]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => isLink(c.args))).toHaveLength(1);
  });

  it('goes on without the pin when Slack refuses it for good, and says so in the channel', async () => {
    const number = await nextIncidentNumber(app);
    app.fake.failNext('pins.add', { error: 'missing_scope' });
    const { answer } = await runCommand(app, 'declare sev3 No pin scope', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(answer.text).toContain(`<#${channel.id}>`);
    const row = await incidentRow(app, number);
    expect(row.declare_step).toBe('announced');
    expect(row.card_ts).not.toBeNull();
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL)).toHaveLength(1);
    const warning = await eventually(() => app.fake.messages(channel.id).find((m) => String(m.text).startsWith(':warning:')), 15_000, 'the failure to be told');
    expect(warning.text).toContain('could not post and pin the incident card after 1 try');
    expect(warning.text).toContain('missing_scope');
  });
});
