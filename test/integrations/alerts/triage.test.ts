// Triage of alert groups end to end, through the real app: the buttons on the triage message
// (Accept, Decline, Merge into…), routes that declare at once, "All alerts resolved" with Mark
// monitoring, and a triage post whose answer was lost found again instead of posted twice.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOfIncident } from '../../../src/db/effect-store.js';
import { eventually, startTestApp, type TestApp } from '../../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../../support/databases.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { plainText, staticSelect } from '../../support/slack-requests.js';

const TOKEN = 'triage-token';
const TRIAGE = 'C0TRIAGE';

function processFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-triage-'));
  const file = join(dir, 'sitrep.yaml');
  writeFileSync(
    file,
    [
      'severities: [{ id: sev1, update_every: 15m, major: true }, { id: sev2, update_every: 30m }, { id: sev3, update_every: 1h }]',
      'default_severity: sev3',
      'types: [{ id: payments, title: Payments }, { id: storage, title: Storage }]',
      'alerts:',
      `  triage_channel: ${TRIAGE}`,
      '  severity_map: { critical: sev1, error: sev2 }',
      '  routes:',
      '    - match: { team: payments }',
      '      type: payments',
      '      declare: true',
      '      invite: [S0PAYMENTS, UPAYLEAD]',
      '    - match: { team: storage }',
      '      type: storage',
      '      invite: [S0STORAGE]',
      '',
    ].join('\n'),
  );
  return file;
}

async function post(app: TestApp, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${app.baseUrl}/hooks/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe.each(DATABASE_KINDS)('alert triage on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { ALERT_WEBHOOK_TOKEN: TOKEN, INCIDENTS_CHANNEL: 'C0INCIDENTS', SITREP_CONFIG: processFile() } });
    app.fake.addChannel({ id: TRIAGE, name: 'triage', botIsMember: true });
    app.fake.addChannel({ id: 'C0INCIDENTS', name: 'incidents', botIsMember: true });
    for (const id of ['UALICE', 'UBOB', 'UCAROL', 'UPAYLEAD', 'UPAY1', 'USTORE1']) app.fake.addUser({ id, name: id.slice(1).toLowerCase() });
    app.fake.addUserGroup('S0PAYMENTS', ['UPAY1']);
    app.fake.addUserGroup('S0STORAGE', ['USTORE1']);
  });
  afterAll(async () => app?.stop());

  const db = () => app.sitrep.database.db;
  const row = (number: number) => db().selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
  const numberOf = (answer: { json: Record<string, unknown> }) => Number(String(answer.json.incident).slice(4));
  /** The triage message of an incident, once posted, as Slack stores it (with its ts and blocks). */
  const triageMessageOf = async (number: number) => {
    const ts = await eventually(async () => (await row(number)).triage_ts ?? undefined, 10_000, 'the triage message posted');
    return app.fake.findMessage(TRIAGE, ts)!;
  };
  const settled = (number: number) =>
    eventually(async () => {
      const effects = await effectsOfIncident(db(), number);
      return effects.every((e) => e.state !== 'pending') ? effects : undefined;
    }, 20_000, 'every effect of the incident finished');
  /** Nothing owed anywhere: an injected Slack failure then meets the call the test makes, not an earlier test's. */
  const quiet = () =>
    eventually(async () => {
      const pending = await db().selectFrom('effects').select('id').where('state', '=', 'pending').execute();
      return pending.length === 0;
    }, 30_000, 'no effect pending');
  const channelOf = (number: number) => eventually(async () => (await row(number)).channel_id ?? undefined, 15_000, 'the incident channel');
  const shown = (message: { blocks?: unknown; text?: unknown } | undefined) => JSON.stringify(message?.blocks ?? message?.text ?? '');

  it('Accept declares with the clicker as commander, invites the route, pins an alerts card; later notifications edit that card; all resolved says so with Mark monitoring', async () => {
    const fire = (status: string, labels: Record<string, string>) =>
      post(app, { key: `accept-${kind}`, status, title: 'Disk full on db-1', severity: 'critical', link: 'https://grafana.example.com/d/disk', labels });
    const first = await fire('firing', { team: 'storage', disk: '/var' });
    expect(first.json).toMatchObject({ ok: true, status: 'triage' });
    const number = numberOf(first);
    const triage = await triageMessageOf(number);
    expect(shown(triage)).toContain('alerts_accept');

    const clicked = await app.slack.clickButton(triage, 'alerts_accept', { userId: 'UALICE' });
    expect(clicked.status).toBe(200);
    const answer = await app.fake.waitFor('response_url', (a) => a.url === clicked.responseUrl, 15_000);
    expect(answer.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(answer.args.text)).toContain(`INC-${number}`);

    const channel = await channelOf(number);
    const incident = await row(number);
    expect(incident).toMatchObject({ state: 'investigating', declarer_id: 'UALICE', type: 'storage', source: 'generic' });
    const commander = await db().selectFrom('role_assignments').select(['role', 'user_id']).where('incident_number', '=', number).execute();
    expect(commander).toEqual([{ role: 'commander', user_id: 'UALICE' }]);
    // The route's user group, expanded, is invited with the commander.
    await eventually(() => app.fake.callsTo('conversations.invite').some((c) => c.args.channel === channel && c.args.users === 'USTORE1'), 15_000, 'the route invited');
    expect([...app.fake.getChannel(channel)!.members]).toEqual(expect.arrayContaining(['UALICE', 'USTORE1']));

    // The alerts card: posted and pinned in the channel; the triage message says who accepted, without buttons.
    const cardTs = await eventually(async () => (await row(number)).alerts_card_ts ?? undefined, 15_000, 'the alerts card');
    expect(shown(app.fake.findMessage(channel, cardTs))).toContain('`disk=/var`');
    expect(app.fake.getChannel(channel)!.pins.has(cardTs)).toBe(true);
    const accepted = await eventually(() => {
      const message = app.fake.findMessage(TRIAGE, triage.ts);
      return shown(message).includes(`Accepted by <@UALICE> · <#${channel}>`) ? message : undefined;
    }, 15_000, 'the triage message edited');
    expect(shown(accepted)).not.toContain('alerts_accept');
    await settled(number);
    const triageEdits = app.fake.callsTo('chat.update').filter((c) => c.args.ts === triage.ts).length;

    // A new notification edits the card in place, not the triage message.
    await fire('firing', { team: 'storage', disk: '/var/lib' });
    await eventually(() => shown(app.fake.findMessage(channel, cardTs)).includes('disk=/var/lib'), 15_000, 'the card edited');
    await settled(number);
    expect(app.fake.callsTo('chat.update').filter((c) => c.args.ts === triage.ts)).toHaveLength(triageEdits);

    // The group resolves: on the timeline and in the channel, with Mark monitoring; the incident stays open.
    await fire('resolved', { team: 'storage', disk: '/var/lib' });
    const notice = await eventually(() => app.fake.messages(channel).find((m) => String(m.text).includes('All alerts resolved')), 15_000, 'All alerts resolved');
    const entries = await db().selectFrom('timeline_entries').select(['kind', 'text']).where('incident_number', '=', number).where('kind', '=', 'alert').execute();
    expect(entries).toEqual([{ kind: 'alert', text: 'All alerts resolved (generic)' }]);
    expect((await row(number)).state).toBe('investigating');
    // Said once, however often the resolved group is re-sent.
    await fire('resolved', { team: 'storage', disk: '/var/lib' });
    await settled(number);
    expect(app.fake.messages(channel).filter((m) => String(m.text).includes('All alerts resolved'))).toHaveLength(1);

    await app.slack.clickButton({ ...notice, channel }, 'alerts_mark_monitoring', { userId: 'UBOB' });
    await eventually(async () => (await row(number)).state === 'monitoring', 15_000, 'marked monitoring');
    const update = await db().selectFrom('status_updates').select(['author_id', 'state']).where('incident_number', '=', number).execute();
    expect(update).toEqual([{ author_id: 'UBOB', state: 'monitoring' }]);
  });

  it('two Accepts at once make one incident; the other person is told who accepted it', async () => {
    const first = await post(app, { key: `race-${kind}`, status: 'firing', title: 'Latency spike' });
    const number = numberOf(first);
    const triage = await triageMessageOf(number);
    const [a, b] = await Promise.all([app.slack.clickButton(triage, 'alerts_accept', { userId: 'UBOB' }), app.slack.clickButton(triage, 'alerts_accept', { userId: 'UCAROL' })]);
    const answers = await Promise.all([a, b].map((click) => app.fake.waitFor('response_url', (x) => x.url === click.responseUrl, 15_000)));
    const texts = answers.map((x) => String(x.args.text));
    const winner = (await row(number)).declarer_id;
    expect(['UBOB', 'UCAROL']).toContain(winner);
    expect(texts.filter((t) => t.endsWith(`INC-${number} was already accepted by <@${winner}>; it is investigating now.`))).toHaveLength(1);
    await channelOf(number);
    await settled(number);
    expect(app.fake.callsTo('conversations.create').filter((c) => String(c.args.name).includes('latency-spike'))).toHaveLength(1);
    expect(await db().selectFrom('role_assignments').select('user_id').where('incident_number', '=', number).execute()).toEqual([{ user_id: winner }]);
  });

  it('Decline asks why, stores who and why, and edits the triage message; a later click is told', async () => {
    const first = await post(app, { key: `decline-${kind}`, status: 'firing', title: 'Flaky probe' });
    const number = numberOf(first);
    const triage = await triageMessageOf(number);
    const clicked = await app.slack.clickButton(triage, 'alerts_decline', { userId: 'UBOB' });
    const opened = await app.fake.waitFor('views.open', (x) => x.trigger_id === clicked.triggerId, 10_000);
    const view = app.fake.views.get(opened.response.view.id);

    const empty = await app.slack.viewSubmission(view, { decline_reason: { reason: plainText('  ') } }, { userId: 'UBOB' });
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { decline_reason: 'Say why, in a few words.' } });
    expect((await row(number)).state).toBe('triage');

    await app.slack.viewSubmission(view, { decline_reason: { reason: plainText('Known flaky probe, ticket OPS-12') } }, { userId: 'UBOB' });
    await eventually(async () => (await row(number)).state === 'declined', 10_000, 'declined');
    expect(await row(number)).toMatchObject({ declined_by: 'UBOB', declined_reason: 'Known flaky probe, ticket OPS-12', channel_id: null });
    await eventually(() => shown(app.fake.findMessage(TRIAGE, triage.ts)).includes('Declined by <@UBOB>: Known flaky probe, ticket OPS-12'), 10_000, 'the triage message edited');
    expect(shown(app.fake.findMessage(TRIAGE, triage.ts))).not.toContain('alerts_accept');

    const late = await app.slack.clickButton(triage, 'alerts_accept', { userId: 'UCAROL' });
    const told = await app.fake.waitFor('response_url', (x) => x.url === late.responseUrl, 10_000);
    expect(told.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining(`INC-${number} was already declined by <@UBOB>.`) });
    expect((await row(number)).state).toBe('declined');
  });

  it('Merge into… attaches the alerts to an open incident, says so there, and later notifications update that incident', async () => {
    // The incident to merge into: an accepted alert group of its own.
    const target = numberOf(await post(app, { key: `merge-target-${kind}`, status: 'firing', title: 'Checkout errors' }));
    await app.slack.clickButton(await triageMessageOf(target), 'alerts_accept', { userId: 'UALICE' });
    const targetChannel = await channelOf(target);
    const cardTs = await eventually(async () => (await row(target)).alerts_card_ts ?? undefined, 15_000, 'the target alerts card');

    const fire = (status: string) => post(app, { key: `merge-${kind}`, status, title: 'Payment API 5xx', labels: { service: 'payment-api' } });
    const number = numberOf(await fire('firing'));
    const triage = await triageMessageOf(number);
    const clicked = await app.slack.clickButton(triage, 'alerts_merge', { userId: 'UBOB' });
    const opened = await app.fake.waitFor('views.open', (x) => x.trigger_id === clicked.triggerId, 10_000);
    const view = app.fake.views.get(opened.response.view.id);
    expect(JSON.stringify(view.blocks)).toContain(`INC-${target} Checkout errors`);
    expect(JSON.stringify(view.blocks)).not.toContain(`INC-${number} `);
    await app.slack.viewSubmission(view, { merge_into: { into: staticSelect(String(target)) } }, { userId: 'UBOB' });

    await eventually(async () => (await row(number)).state === 'declined', 10_000, 'merged');
    expect(await row(number)).toMatchObject({ merged_into: target, declined_by: 'UBOB', declined_reason: `merged into INC-${target}` });
    const onTarget = await db().selectFrom('alerts').select('fingerprint').where('incident_number', '=', target).orderBy('fingerprint').execute();
    expect(onTarget).toEqual([{ fingerprint: `merge-${kind}` }, { fingerprint: `merge-target-${kind}` }]);
    await eventually(() => app.fake.messages(targetChannel).some((m) => String(m.text).includes(`<@UBOB> merged the alerts of INC-${number} (Payment API 5xx)`)), 10_000, 'said in the target channel');
    await eventually(() => shown(app.fake.findMessage(targetChannel, cardTs)).includes('service=payment-api'), 15_000, 'the target card shows them');
    await eventually(() => shown(app.fake.findMessage(TRIAGE, triage.ts)).includes(`Merged into *INC-${target}* by <@UBOB>`), 10_000, 'the triage message edited');

    // The group resolves later: the target incident is updated, no new incident for the key.
    const later = await fire('resolved');
    expect(later.json).toMatchObject({ ok: true, incident: `INC-${target}`, status: 'investigating' });
    const resolved = await db().selectFrom('alerts').select('status').where('incident_number', '=', target).where('fingerprint', '=', `merge-${kind}`).executeTakeFirstOrThrow();
    expect(resolved.status).toBe('resolved');
    expect(await db().selectFrom('incidents').select('number').where('alert_key', '=', `merge-${kind}`).execute()).toEqual([{ number }]);
  });

  it('Merge into an incident resolved while the form was open is refused, and the group stays in triage', async () => {
    const target = numberOf(await post(app, { key: `gone-target-${kind}`, status: 'firing', title: 'Gone soon' }));
    await app.slack.clickButton(await triageMessageOf(target), 'alerts_accept', { userId: 'UALICE' });
    const targetChannel = await channelOf(target);
    const number = numberOf(await post(app, { key: `gone-${kind}`, status: 'firing', title: 'Late merge' }));
    const clicked = await app.slack.clickButton(await triageMessageOf(number), 'alerts_merge', { userId: 'UBOB' });
    const opened = await app.fake.waitFor('views.open', (x) => x.trigger_id === clicked.triggerId, 10_000);
    await app.slack.command('resolve Fixed', { userId: 'UALICE', channelId: targetChannel });
    await eventually(async () => (await row(target)).state === 'resolved', 10_000, 'the target resolved');

    await app.slack.viewSubmission(app.fake.views.get(opened.response.view.id), { merge_into: { into: staticSelect(String(target)) } }, { userId: 'UBOB' });
    const told = await eventually(() => app.fake.ephemerals.find((e) => e.channel === TRIAGE && e.user === 'UBOB' && String(e.text).includes(`INC-${target} is not an open incident`)), 10_000, 'told');
    expect(told.text).toContain(`so INC-${number} cannot be merged into it. Pick an open one.`);
    expect(await row(number)).toMatchObject({ state: 'triage', merged_into: null });
  });

  it('a route with declare: true declares at once: no triage message, the type and invitations, nobody commander, and says why', async () => {
    const answer = await post(app, { key: `payments-${kind}`, status: 'firing', title: 'Card auth failing', severity: 'critical', labels: { team: 'payments' } });
    expect(answer.status).toBe(200);
    const number = numberOf(answer);
    const channel = await channelOf(number);
    await eventually(() => app.fake.messages(channel).some((m) => String(m.text).includes('Declared at once from generic alerts')), 15_000, 'said why');
    await settled(number);
    expect(await row(number)).toMatchObject({ state: 'investigating', type: 'payments', severity: 'sev1', triage_ts: null, declarer_id: app.fake.botUserId });
    expect(await db().selectFrom('role_assignments').select('user_id').where('incident_number', '=', number).execute()).toEqual([]);
    expect([...app.fake.getChannel(channel)!.members]).toEqual(expect.arrayContaining(['UPAY1', 'UPAYLEAD']));
    expect(app.fake.messages(TRIAGE).filter((m) => String(m.text).startsWith(`INC-${number} `))).toEqual([]);
    const cardTs = (await row(number)).alerts_card_ts;
    expect(cardTs).not.toBeNull();
    expect(app.fake.getChannel(channel)!.pins.has(cardTs!)).toBe(true);
    // Someone takes the commander role on the incident card.
    const card = app.fake.findMessage(channel, (await row(number)).card_ts!)!;
    await app.slack.clickButton(card, 'take_role_commander', { userId: 'UPAYLEAD' });
    await eventually(async () => (await db().selectFrom('role_assignments').select('user_id').where('incident_number', '=', number).execute()).some((r) => r.user_id === 'UPAYLEAD'), 10_000, 'the commander taken');
  });

  it('an Accept whose channel could not be made: the next notification declines it as "could not be declared" and triages the group afresh', async () => {
    const fire = () => post(app, { key: `abandoned-${kind}`, status: 'firing', title: 'Queue backlog', labels: { team: 'storage' } });
    const first = numberOf(await fire());
    const triage = await triageMessageOf(first);
    await quiet();
    app.fake.failNext('conversations.create', { error: 'restricted_action' });
    await app.slack.clickButton(triage, 'alerts_accept', { userId: 'UALICE' });
    await eventually(async () => (await row(first)).declare_abandoned_at ?? undefined, 15_000, 'the declaration abandoned');
    await settled(first);

    const again = await fire();
    expect(again.json).toMatchObject({ ok: true, status: 'triage' });
    const second = numberOf(again);
    expect(second).not.toBe(first);
    expect(await row(first)).toMatchObject({ state: 'declined', declined_reason: 'could not be declared', channel_id: null });
    // The old triage message says so, without buttons; the new incident has its own, with them.
    await eventually(() => shown(app.fake.findMessage(TRIAGE, triage.ts)).includes('Declined: could not be declared'), 15_000, 'the old triage message edited');
    expect(shown(app.fake.findMessage(TRIAGE, triage.ts))).not.toContain('alerts_accept');
    const fresh = await triageMessageOf(second);
    expect(fresh.ts).not.toBe(triage.ts);
    expect(shown(fresh)).toContain('alerts_accept');
    expect((await db().selectFrom('alerts').select('fingerprint').where('incident_number', '=', second).execute()).length).toBeGreaterThan(0);

    // Later notifications update the new incident, and Accept now makes its channel.
    expect(numberOf(await fire())).toBe(second);
    await app.slack.clickButton(fresh, 'alerts_accept', { userId: 'UBOB' });
    await channelOf(second);
    expect(await row(second)).toMatchObject({ state: 'investigating', declarer_id: 'UBOB' });
  });

  it('a declare: true route whose channel could not be made goes to people in triage from then on, not declared again per notification', async () => {
    const fire = () => post(app, { key: `payments-abandoned-${kind}`, status: 'firing', title: 'Card auth failing', severity: 'critical', labels: { team: 'payments' } });
    await quiet();
    app.fake.failNext('conversations.create', { error: 'restricted_action' });
    const first = numberOf(await fire());
    await eventually(async () => (await row(first)).declare_abandoned_at ?? undefined, 15_000, 'the declaration abandoned');
    await settled(first);
    const creates = app.fake.callsTo('conversations.create').length;

    const second = numberOf(await fire());
    expect(second).not.toBe(first);
    const triage = await triageMessageOf(second);
    expect(shown(triage)).toContain('alerts_accept');
    expect(numberOf(await fire())).toBe(second);
    await settled(second);
    expect(await row(second)).toMatchObject({ state: 'triage', channel_id: null });
    expect(app.fake.callsTo('conversations.create')).toHaveLength(creates);
  });

  it('a resolved notification for a group with no open incident (people resolved it first) posts nothing', async () => {
    const answer = await post(app, { key: `late-resolve-${kind}`, status: 'resolved', title: 'Already over' });
    expect(answer.json).toMatchObject({ ok: true, status: 'declined' });
    const number = numberOf(answer);
    await settled(number);
    expect(await row(number)).toMatchObject({ state: 'declined', declined_reason: 'resolved before triage', triage_ts: null });
    expect(app.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith(`INC-${number} `))).toEqual([]);
  });

  it('a triage post Slack refuses for good is given up and said in the triage channel', async () => {
    await quiet();
    app.fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const number = numberOf(await post(app, { key: `refused-${kind}`, status: 'firing', title: 'Refused post' }));
    const effects = await settled(number);
    expect(effects.find((e) => e.kind === 'alerts.message')).toMatchObject({ state: 'failed' });
    await eventually(
      () => app.fake.messages(TRIAGE).some((m) => m.text === `:warning: INC-${number}: Sitrep could not show its alerts (Slack chat.postMessage failed: invalid_blocks); it was tried and given up.`),
      10_000,
      'the failure said in the triage channel',
    );
  });

  it('posts the triage message once when Slack posted it but the answer was lost', async () => {
    await quiet();
    app.fake.failNext('chat.postMessage', { status: 500, afterWrite: true });
    const number = numberOf(await post(app, { key: `lost-${kind}`, status: 'firing', title: 'Lost answer' }));
    const triage = await triageMessageOf(number);
    await settled(number);
    const posts = app.fake.messages(TRIAGE).filter((m) => String(m.text).startsWith(`INC-${number} `));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.ts).toBe(triage.ts);
    expect(app.fake.callsTo('conversations.history').some((c) => c.args.channel === TRIAGE)).toBe(true);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('alert triage, two replicas on one Postgres', () => {
  let database: TestDatabase;
  let fake: FakeSlack;
  let apps: TestApp[] = [];
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    fake = await FakeSlack.start();
    fake.addChannel({ id: TRIAGE, name: 'triage', botIsMember: true });
    fake.addChannel({ id: 'C0INCIDENTS', name: 'incidents', botIsMember: true });
    for (const id of ['UBOB', 'UCAROL']) fake.addUser({ id, name: id.slice(1).toLowerCase() });
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await fake?.close();
    await database?.drop();
  });

  it('Accept clicked on both at once declares once; the other person is told who accepted', async () => {
    const env = { ALERT_WEBHOOK_TOKEN: TOKEN, INCIDENTS_CHANNEL: 'C0INCIDENTS', SITREP_CONFIG: processFile() };
    apps = [await startTestApp('postgres', { database, fake, env }), await startTestApp('postgres', { database, fake, env })];
    const db = apps[0]!.sitrep.database.db;
    const number = Number(String((await post(apps[0]!, { key: 'replicas', status: 'firing', title: 'Replica race' })).json.incident).slice(4));
    const ts = await eventually(async () => (await db.selectFrom('incidents').select('triage_ts').where('number', '=', number).executeTakeFirstOrThrow()).triage_ts ?? undefined, 10_000, 'posted');
    const triage = fake.findMessage(TRIAGE, ts)!;
    const clicks = await Promise.all([apps[0]!.slack.clickButton(triage, 'alerts_accept', { userId: 'UBOB' }), apps[1]!.slack.clickButton(triage, 'alerts_accept', { userId: 'UCAROL' })]);
    const answers = await Promise.all(clicks.map((click) => fake.waitFor('response_url', (x) => x.url === click.responseUrl, 20_000)));
    const { declarer_id: winner } = await db.selectFrom('incidents').select('declarer_id').where('number', '=', number).executeTakeFirstOrThrow();
    expect(answers.map((a) => String(a.args.text)).filter((t) => t.endsWith(`INC-${number} was already accepted by <@${winner}>; it is investigating now.`))).toHaveLength(1);
    await eventually(async () => (await db.selectFrom('incidents').select('alerts_card_ts').where('number', '=', number).executeTakeFirstOrThrow()).alerts_card_ts ?? undefined, 20_000, 'the alerts card');
    expect(fake.callsTo('conversations.create').filter((c) => String(c.args.name).includes('replica-race'))).toHaveLength(1);
    expect(await db.selectFrom('role_assignments').select('user_id').where('incident_number', '=', number).execute()).toEqual([{ user_id: winner }]);
  });
});
