// The process file's types, checklists and rules driving the real app: sitrep.example.yaml has the
// severities critical/major/minor, a scribe role, a private `security` type (invites the S0SECURITY
// user group, a runbook, two checklist items) and the rule critical-heads-up (raised to critical:
// notify C0EXECS, invite U0VPENG, add a checklist item).
import { declarationDone } from '../support/declaration-done.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOfIncident } from '../../src/db/effect-store.js';
import { CHECKLIST_TICK_ACTION } from '../../src/slack/blocks/checklist-message.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { FakeSlack } from '../support/fake-slack.js';
import { plainText, staticSelect } from '../support/slack-requests.js';
import { commandIn, type DeclaredIncident, declare, INCIDENTS_CHANNEL, incidentRow, timelineOf, timelineWith } from './responder-support.js';

const EXAMPLE = { SITREP_CONFIG: 'sitrep.example.yaml', INCIDENTS_CHANNEL };
const RUNBOOK = 'https://wiki.example.com/runbooks/security';

function setUpWorkspace(fake: FakeSlack): void {
  fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  fake.addChannel({ id: 'C0GENERAL', name: 'general' });
  fake.addChannel({ id: 'C0EXECS', name: 'execs' });
  for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob'], ['UCISO', 'ciso'], ['U0VPENG', 'vpeng']] as const) fake.addUser({ id, name });
  fake.addUserGroup('S0SECURITY', ['UCISO', 'UBOB']);
}

/** Declared through the form with a type picked, severity and private left as the form showed them. */
async function declareWithType(app: TestApp, title: string, type: string): Promise<DeclaredIncident> {
  const reply = await app.slack.command('declare', { userId: 'UALICE' });
  const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === reply.triggerId);
  const viewId: string = opened.response.view.id;
  expect(JSON.stringify(opened.args.view)).toContain('Security incident');
  await app.slack.viewSubmission(app.fake.views.get(viewId), { declare_title: { title: plainText(title) }, declare_type: { type: staticSelect(type) } }, { userId: 'UALICE' });
  const row = await eventually(async () => {
    const read = () => app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('request_key', '=', viewId).executeTakeFirst();
    // Read again once done: the row read first may predate the card's ts.
    return (await declarationDone(app.sitrep.ctx.db, await read())) ? read() : undefined;
  }, 10_000, 'the declaration to finish');
  return { number: row.number, channelId: row.channel_id!, cardTs: row.card_ts!, announcementTs: row.announcement_ts! };
}

/** The checklist message as Slack shows it now. */
async function checklistMessage(app: TestApp, incident: DeclaredIncident, progress: string) {
  return eventually(async () => {
    const ts = (await incidentRow(app, incident.number)).checklist_ts;
    const message = ts ? app.fake.findMessage(incident.channelId, ts) : undefined;
    return message && JSON.stringify(message.blocks).includes(progress) ? message : undefined;
  }, 10_000, `the checklist message showing ${progress}`);
}

function cardShows(app: TestApp, incident: DeclaredIncident, text: string) {
  return eventually(() => {
    const card = app.fake.findMessage(incident.channelId, incident.cardTs);
    return card && JSON.stringify(card.blocks).includes(text) ? card : undefined;
  }, 10_000, `the card showing ${text}`);
}

/** Ticks exactly `values` in the checklist group of boxes, as someone clicking does. */
async function setTicks(app: TestApp, message: { channel?: string; ts: string; blocks?: any[] }, incident: DeclaredIncident, values: string[], userId: string) {
  const group = message.blocks!.find((b: any) => b.type === 'actions' && String(b.block_id).startsWith('checklist:'));
  const options = group.elements[0].options.filter((o: any) => values.includes(o.text.text));
  await app.slack.blockAction({
    type: 'checkboxes',
    actionId: CHECKLIST_TICK_ACTION,
    blockId: group.block_id,
    channelId: incident.channelId,
    messageTs: message.ts,
    userId,
    action: { selected_options: options.map((o: any) => ({ text: o.text, value: o.value })) },
  });
}

const postsTo = (app: { fake: FakeSlack }, channel: string) => app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe.each(DATABASE_KINDS)('incident types, checklists and rules from sitrep.yaml on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    const fake = await FakeSlack.start();
    setUpWorkspace(fake);
    app = await startTestApp(kind, { fake, env: EXAMPLE });
  });
  afterAll(async () => {
    await app?.stop();
    await app?.fake.close();
  });

  it("declares the form's type: its severity, private channel, user group invited, runbook bookmarked and on the card, checklist posted", async () => {
    const incident = await declareWithType(app, 'Leaked API key', 'security');
    const row = await incidentRow(app, incident.number);
    expect([row.type, row.severity, row.private]).toEqual(['security', 'major', true]);
    expect(app.fake.getChannel(incident.channelId)!.is_private).toBe(true);

    await app.fake.waitFor('bookmarks.add', (a) => a.channel_id === incident.channelId && a.link === RUNBOOK, 10_000);
    await eventually(() => {
      const members = app.fake.getChannel(incident.channelId)!.members;
      return members.has('UCISO') && members.has('UBOB') ? true : undefined;
    }, 10_000, 'the user group invited');
    await app.fake.waitFor('usergroups.users.list', (a) => a.usergroup === 'S0SECURITY');

    const checklist = await checklistMessage(app, incident, '0/2 done');
    expect(JSON.stringify(checklist.blocks)).toContain('Rotate exposed credentials');
    await cardShows(app, incident, 'Checklist 0/2');
    await cardShows(app, incident, RUNBOOK);
  });

  it('records ticks and unticks (who, when) on the timeline, edits the checklist in place, counts on the card, lists it in the retrospective', async () => {
    const incident = await declareWithType(app, 'Phishing wave', 'security');
    const first = await checklistMessage(app, incident, '0/2 done');

    await setTicks(app, first, incident, ['Tell legal'], 'UBOB');
    const ticked = await checklistMessage(app, incident, '1/2 done');
    expect(ticked.ts).toBe(first.ts);
    expect(JSON.stringify(ticked.blocks)).toContain('<@UBOB>');
    await cardShows(app, incident, 'Checklist 1/2');
    const entry = (await timelineWith(app, incident.number, 'checklist_ticked')).find((e) => e.kind === 'checklist_ticked')!;
    expect([entry.author_id, entry.text]).toEqual(['UBOB', 'Done: Tell legal']);

    await setTicks(app, ticked, incident, [], 'UALICE');
    await checklistMessage(app, incident, '0/2 done');
    const unticked = (await timelineWith(app, incident.number, 'checklist_unticked')).find((e) => e.kind === 'checklist_unticked')!;
    expect(unticked.author_id).toBe('UALICE');

    await setTicks(app, await checklistMessage(app, incident, '0/2 done'), incident, ['Rotate exposed credentials'], 'UCISO');
    await checklistMessage(app, incident, '1/2 done');

    // `/incident checklist` posts it again, and the new message is the one edited from now on.
    await commandIn(app, incident, 'checklist');
    await eventually(async () => ((await incidentRow(app, incident.number)).checklist_ts !== first.ts ? true : undefined), 10_000, 'the checklist posted again');

    await commandIn(app, incident, 'close');
    const upload = await app.fake.waitFor('files.completeUploadExternal', () => true, 10_000);
    expect(upload).toBeDefined();
    const retro = await eventually(async () => {
      const row = await app.sitrep.ctx.db.selectFrom('retrospectives').select('markdown').where('incident_number', '=', incident.number).executeTakeFirst();
      return row?.markdown;
    }, 10_000, 'the retrospective');
    expect(retro).toMatch(/## Checklist\n\n1 of 2 done\.\n\n- \[x\] Rotate exposed credentials — done by @ciso, \d{4}-\d\d-\d\d \d\d:\d\d\n- \[ \] Tell legal — not done/);
  });

  it('runs the rule once when a severity command is retried: notifies the channel, invites the person, adds the checklist item', async () => {
    const incident = await declare(app, 'declare minor Checkout slow');
    const triggerId = app.slack.newTriggerId();
    // Slack retries the same command (same trigger id) to the app.
    await app.slack.command('severity critical', { userId: 'UALICE', channelId: incident.channelId, triggerId });
    await app.slack.command('severity critical', { userId: 'UALICE', channelId: incident.channelId, triggerId });

    const notice = await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'C0EXECS' && String(a.text).includes(`INC-${incident.number}`), 10_000);
    expect(notice.args.text).toBe(`INC-${incident.number} is now CRITICAL: Checkout slow <#${incident.channelId}>`);
    await eventually(() => (app.fake.getChannel(incident.channelId)!.members.has('U0VPENG') ? true : undefined), 10_000, 'U0VPENG invited');
    await checklistMessage(app, incident, '0/1 done');
    await cardShows(app, incident, 'Checklist 0/1');

    await eventually(async () => {
      const effects = await effectsOfIncident(app.sitrep.ctx.db, incident.number);
      return effects.length > 0 && effects.every((e) => e.state === 'done') ? effects : undefined;
    }, 10_000, 'every effect done');
    expect(postsTo(app, 'C0EXECS').filter((c) => String(c.args.text).includes(`INC-${incident.number} `))).toHaveLength(1);
    const ran = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'rule_ran').map((e) => e.text);
    expect(ran.sort()).toEqual([
      'Rule critical-heads-up added to the checklist: Open a status page incident',
      'Rule critical-heads-up invited <@U0VPENG>',
      'Rule critical-heads-up notified <#C0EXECS>',
    ]);
  });

  it('retries a failed action, and reports in the channel one that fails for good', async () => {
    app.fake.failNext('usergroups.users.list', { status: 500 });
    const retried = await declareWithType(app, 'Suspicious logins', 'security');
    await eventually(() => (app.fake.getChannel(retried.channelId)!.members.has('UCISO') ? true : undefined), 15_000, 'the user group invited on a later try');

    app.fake.failNext('usergroups.users.list', { error: 'no_such_subteam' });
    const failed = await declareWithType(app, 'Malware on a laptop', 'security');
    const report = await app.fake.waitFor('chat.postMessage', (a) => a.channel === failed.channelId && String(a.text).startsWith(':warning:'), 10_000);
    expect(report.args.text).toContain('The security type could not invite people');
    expect(report.args.text).toContain('no_such_subteam');
  });

  it("keeps a private incident's title out of the notice to another channel", async () => {
    const incident = await declareWithType(app, 'Customer data exposed', 'security');
    await commandIn(app, incident, 'severity critical');
    const notice = await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'C0EXECS' && String(a.text).includes(`INC-${incident.number} `), 10_000);
    expect(notice.args.text).toBe(`INC-${incident.number} is now CRITICAL: private incident <#${incident.channelId}>`);
  });
});

describe.runIf(DATABASE_KINDS.includes('postgres'))('a rule with two replicas on one Postgres database', () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    fake = await FakeSlack.start();
    setUpWorkspace(fake);
    database = await freshDatabase('postgres');
    apps.push(await startTestApp('postgres', { fake, database, env: EXAMPLE }));
    apps.push(await startTestApp('postgres', { fake, database, env: EXAMPLE }));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await fake?.close();
    await database?.drop();
  });

  it('runs once though the same severity command reaches both replicas', async () => {
    const [one, two] = apps as [TestApp, TestApp];
    const incident = await declare(one, 'declare major Payments failing');
    const triggerId = one.slack.newTriggerId();
    await Promise.all([
      one.slack.command('severity critical', { userId: 'UALICE', channelId: incident.channelId, triggerId }),
      two.slack.command('severity critical', { userId: 'UALICE', channelId: incident.channelId, triggerId }),
    ]);
    await fake.waitFor('chat.postMessage', (a) => a.channel === 'C0EXECS' && String(a.text).includes(`INC-${incident.number} `), 10_000);
    await eventually(async () => {
      const effects = await effectsOfIncident(one.sitrep.ctx.db, incident.number);
      return effects.length >= 3 && effects.every((e) => e.state === 'done') ? effects : undefined;
    }, 10_000, 'every effect done');
    expect(postsTo({ fake }, 'C0EXECS').filter((c) => String(c.args.text).includes(`INC-${incident.number} `))).toHaveLength(1);
    const ran = (await timelineOf(one, incident.number)).filter((e) => e.kind === 'rule_ran');
    expect(ran).toHaveLength(3);
  });
});
