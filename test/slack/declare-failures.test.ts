import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listOpenIncidents } from '../../src/db/incident-store.js';
import { resumePendingDeclarations } from '../../src/usecases/resume-pending-declarations.js';
import { eventually, FAST_RETRIES, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { plainText } from '../support/slack-requests.js';
import {
  createdChannel,
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
  beforeEach(() => {
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

  it('posts the card after a 429 on chat.postMessage, once', async () => {
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const { answer } = await runCommand(app, 'declare sev2 Rate limited', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(answer.text).toContain(`<#${channel.id}>`);
    expect(app.fake.callsTo('chat.postMessage').map((c) => [c.args.channel, c.status])).toEqual([
      [channel.id, 429],
      [channel.id, 200],
      [INCIDENTS_CHANNEL, 200],
    ]);
    expect(app.fake.messages(channel.id).filter((m) => m.user === app.fake.botUserId)).toHaveLength(1);
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

  it('finishes a declaration left part-way by a retryable failure, from where it stopped', async () => {
    const number = await nextIncidentNumber(app);
    app.fake.failNext('pins.add', { status: 500 }, ATTEMPTS);
    const { answer } = await runCommand(app, 'declare sev2 Pin fails for a while', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(answer.text).toContain(`<#${channel.id}>`);
    expect(answer.text).toContain('Sitrep retries the rest shortly');
    const stopped = await incidentRow(app, number);
    expect(stopped).toMatchObject({ declare_step: 'topic_set', declare_error: 'pins.add: http_error_500; will retry', announcement_ts: null });
    expect(stopped.card_ts).not.toBeNull();
    expect(await listOpenIncidents(app.sitrep.ctx.db).then((open) => open.map((i) => i.number))).toContain(number);

    // Two replicas sweeping at once: the declaration is continued by one of them only.
    await Promise.all([resumePendingDeclarations(app.sitrep.ctx), resumePendingDeclarations(app.sitrep.ctx)]);
    expect(await incidentRow(app, number)).toMatchObject({ declare_step: 'announced', declare_error: null, card_ts: stopped.card_ts });
    expect(app.fake.callsTo('conversations.create')).toHaveLength(1);
    expect(app.fake.callsTo('conversations.invite')).toHaveLength(1);
    expect(app.fake.callsTo('conversations.setTopic')).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id)).toHaveLength(1);
    expect(okCalls('pins.add').map((c) => c.args.timestamp)).toEqual([stopped.card_ts]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL)).toHaveLength(1);
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

  it('goes on without the pin when Slack refuses it for good, and records why', async () => {
    const number = await nextIncidentNumber(app);
    app.fake.failNext('pins.add', { error: 'missing_scope' });
    const { answer } = await runCommand(app, 'declare sev3 No pin scope', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(answer.text).toContain(`<#${channel.id}>`);
    expect(await incidentRow(app, number)).toMatchObject({ declare_step: 'announced', declare_error: 'pins.add: missing_scope; step skipped' });
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL)).toHaveLength(1);
    await eventually(() => app.logs.text.includes('declare step skipped'), 2_000, 'the skipped step to be logged');
  });
});
