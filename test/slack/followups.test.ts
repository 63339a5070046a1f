import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { runReportCommand } from '../../src/cli/reports.js';
import { todaysPolicy } from '../support/policy.js';
import { appHomeOpened, datepicker, plainText, usersSelect } from '../support/slack-requests.js';
import { answerTo, commandIn, declare, startResponderApp, timelineOf, topicMatching } from './responder-support.js';

/** The follow-up's message as Slack holds it now (posted, maybe edited since). */
async function followupMessageIn(app: TestApp, channel: string, key: string, state: RegExp) {
  return eventually(() => {
    const found = app.fake.messages(channel).find((m) => String(m.text).startsWith(`Follow-up ${key} `));
    return found && state.test(String(found.text)) ? found : undefined;
  }, 10_000, `${key}'s message (${state})`);
}

const followupRows = (app: TestApp, incidentNumber: number) =>
  app.sitrep.ctx.db.selectFrom('followups').selectAll().where('incident_number', '=', incidentNumber).orderBy('seq').execute();

describe.each(DATABASE_KINDS)('follow-ups on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind, { TIMEZONE: 'UTC' });
    app.fake.addUser({ id: 'UBOT2', name: 'deploybot', is_bot: true });
    app.fake.addUser({ id: 'UGONE', name: 'gone', deleted: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('/incident followup stores INC-n-F1, posts it with Done and Won\'t do, and puts it on the timeline', async () => {
    const incident = await declare(app);
    const channel = { userId: 'UALICE', channelId: incident.channelId };
    const answer = await answerTo(app, 'followup Add a runbook for DB failover <@UBOB|bob> due 2031-01-15', channel);
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: `:white_check_mark: INC-${incident.number}-F1 recorded for <@UBOB>, due 2031-01-15: Add a runbook for DB failover` });

    const [row] = await followupRows(app, incident.number);
    expect(row).toMatchObject({ seq: 1, text: 'Add a runbook for DB failover', owner_id: 'UBOB', due_date: '2031-01-15', state: 'open', created_by: 'UALICE' });

    const message = await followupMessageIn(app, incident.channelId, `INC-${incident.number}-F1`, /\(open\)/);
    const buttons = JSON.stringify(message.blocks);
    expect(buttons).toContain('followup_done');
    expect(buttons).toContain('followup_wont_do');
    expect(buttons).not.toContain('followup_reopen');
    await eventually(async () => (await followupRows(app, incident.number))[0]!.message_ts === message.ts, 15_000, 'message ts stored');

    const entries = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'followup');
    expect(entries.map((e) => [e.author_id, e.text])).toEqual([['UALICE', `Follow-up INC-${incident.number}-F1: Add a runbook for DB failover`]]);
  });

  it("posts a follow-up's message once when Slack posted it but its answer was lost", async () => {
    const incident = await declare(app, 'declare sev3 Follow-up answer lost');
    const key = `INC-${incident.number}-F1`;
    const isFollowup = (a: Record<string, unknown>) => a.channel === incident.channelId && String(a.text).startsWith(`Follow-up ${key} `);
    app.fake.failNextWhere('chat.postMessage', isFollowup, { status: 500, afterWrite: true });
    await answerTo(app, 'followup Rotate the replica credentials <@UBOB> due 2031-02-01', { userId: 'UALICE', channelId: incident.channelId });
    // The retry finds the post and stores its ts: then it is all there is.
    await eventually(async () => (await followupRows(app, incident.number))[0]?.message_ts ?? undefined, 10_000, 'message ts stored');
    const [row] = await followupRows(app, incident.number);
    const posts = app.fake.messages(incident.channelId).filter((m) => String(m.text).startsWith(`Follow-up ${key} `));
    expect(posts.map((m) => m.ts)).toEqual([row!.message_ts]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => isFollowup(c.args))).toHaveLength(1);
  });

  it('Done edits the message in place to show Reopen; Reopen brings the buttons back; each change is on the timeline', async () => {
    const incident = await declare(app);
    await answerTo(app, 'followup Alert on queue depth in 2d', { userId: 'UCAROL', channelId: incident.channelId });
    const key = `INC-${incident.number}-F1`;
    const posted = await followupMessageIn(app, incident.channelId, key, /\(open\)/);

    await app.slack.clickButton({ ...posted, channel: incident.channelId }, 'followup_done', { userId: 'UDAN' });
    const done = await followupMessageIn(app, incident.channelId, key, /\(done\)/);
    expect(done.ts).toBe(posted.ts);
    expect(JSON.stringify(done.blocks)).toContain('followup_reopen');
    expect(JSON.stringify(done.blocks)).toContain('done by <@UDAN>');
    expect((await followupRows(app, incident.number))[0]).toMatchObject({ owner_id: 'UCAROL', state: 'done', changed_by: 'UDAN' });

    await app.slack.clickButton({ ...done, channel: incident.channelId }, 'followup_reopen', { userId: 'UCAROL' });
    const reopened = await followupMessageIn(app, incident.channelId, key, /\(open\)/);
    expect(JSON.stringify(reopened.blocks)).toContain('followup_done');
    expect(app.fake.messages(incident.channelId).filter((m) => String(m.text).startsWith(`Follow-up ${key} `))).toHaveLength(1);

    const entries = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'followup');
    expect(entries.map((e) => e.text)).toEqual([
      `Follow-up ${key}: Alert on queue depth`,
      `Follow-up ${key} done: Alert on queue depth`,
      `Follow-up ${key} reopened: Alert on queue depth`,
    ]);
  });

  it('refuses bots, deactivated people and missing text as a follow-up, storing nothing', async () => {
    const incident = await declare(app);
    const channel = { userId: 'UALICE', channelId: incident.channelId };
    expect((await answerTo(app, 'followup Rotate keys <@UBOT2>', channel)).text).toContain('<@UBOT2> is a bot; a follow-up is owned by a person.');
    expect((await answerTo(app, 'followup Rotate keys <@UGONE>', channel)).text).toContain("<@UGONE>'s account is deactivated");
    expect((await answerTo(app, 'followup <@UBOB> due 2031-01-01', channel)).text).toContain('A follow-up needs some text.');
    expect((await answerTo(app, 'followup Rotate keys due 2031-02-30', channel)).text).toContain('The due day is a date such as');
    expect(await followupRows(app, incident.number)).toEqual([]);
  });

  it("/incident followups lists this incident's; /incident followups mine lists yours anywhere, overdue first", async () => {
    const first = await declare(app);
    const second = await declare(app, 'declare sev3 Search slow');
    await answerTo(app, 'followup Later thing <@UERIN> due 2031-05-01', { userId: 'UALICE', channelId: first.channelId });
    await answerTo(app, 'followup Late thing <@UERIN> due 2020-01-01', { userId: 'UALICE', channelId: second.channelId });
    await answerTo(app, 'followup Not Erin\'s', { userId: 'UALICE', channelId: second.channelId });

    const here = await answerTo(app, 'followups', { userId: 'UALICE', channelId: second.channelId });
    expect(here.text.split('\n')).toEqual([
      `*Follow-ups of INC-${second.number}*`,
      `:pushpin: *INC-${second.number}-F1* Late thing · open (overdue) · owner <@UERIN> · due 2020-01-01`,
      `:pushpin: *INC-${second.number}-F2* Not Erin's · open · owner <@UALICE>`,
    ]);

    const mine = await answerTo(app, 'followups mine', { userId: 'UERIN', channelId: 'C0GENERAL' });
    expect(mine.text.split('\n')).toEqual([
      '*Your follow-ups*',
      `:pushpin: *INC-${second.number}-F1* Late thing · open (overdue) · owner <@UERIN> · due 2020-01-01`,
      `:pushpin: *INC-${first.number}-F1* Later thing · open · owner <@UERIN> · due 2031-05-01`,
    ]);
    expect((await answerTo(app, 'followups', { userId: 'UERIN', channelId: 'C0GENERAL' })).text).toContain('That command works in an incident channel');
  });

  it("lists follow-ups in the retrospective's Action items; one added after the close shows in `sitrep retro` without a new version", async () => {
    const incident = await declare(app, 'declare sev3 Cache cold');
    const key = `INC-${incident.number}`;
    await answerTo(app, 'followup Warm the cache on deploy <@UBOB> due 2031-03-01', { userId: 'UALICE', channelId: incident.channelId });
    await answerTo(app, 'followup Page the cache owner', { userId: 'UALICE', channelId: incident.channelId });
    const second = await followupMessageIn(app, incident.channelId, `${key}-F2`, /\(open\)/);
    await app.slack.clickButton({ ...second, channel: incident.channelId }, 'followup_wont_do', { userId: 'UALICE' });
    await followupMessageIn(app, incident.channelId, `${key}-F2`, /won't do/);
    await commandIn(app, incident, 'resolve Warmed by hand');
    await topicMatching(app, incident, /resolved/);
    await commandIn(app, incident, 'close');
    const stored = await eventually(
      () => app.sitrep.ctx.db.selectFrom('retrospectives').selectAll().where('incident_number', '=', incident.number).executeTakeFirst(),
      10_000,
      'the retrospective',
    );
    const actionItems = (markdown: string) => markdown.slice(markdown.indexOf('## Action items')).trim().split('\n');
    expect(actionItems(stored.markdown)).toEqual([
      '## Action items',
      '',
      `- [ ] ${key}-F1 Warm the cache on deploy — open, owner: @UBOB, due: 2031-03-01, tracked in: —`,
      `- [x] ${key}-F2 ~~Page the cache owner~~ — won't do, owner: @UALICE, due: —, tracked in: —`,
    ]);

    await topicMatching(app, incident, /closed/);
    await answerTo(app, 'followup Add a cache dashboard <@UCAROL>', { userId: 'UALICE', channelId: incident.channelId });
    const printed = await runReportCommand(app.sitrep.ctx.db, { command: 'retro', positionals: [key], json: false, version: undefined, timezone: 'UTC', policy: todaysPolicy });
    expect(actionItems(String(printed)).slice(-1)).toEqual([`- [ ] ${key}-F3 Add a cache dashboard — open, owner: @UCAROL, due: —, tracked in: —`]);
    expect(await app.sitrep.ctx.db.selectFrom('retrospectives').select('version').where('incident_number', '=', incident.number).execute()).toEqual([{ version: 1 }]);
  });

  it('the App Home lists your open follow-ups, overdue first, and leaves out done ones', async () => {
    const incident = await declare(app, 'declare sev3 Queue backlog');
    const key = `INC-${incident.number}`;
    const channel = { userId: 'UFAY', channelId: incident.channelId };
    await answerTo(app, 'followup Someday item', channel);
    await answerTo(app, 'followup Overdue item due 2020-02-02', channel);
    await answerTo(app, 'followup Finished item', channel);
    const finished = await followupMessageIn(app, incident.channelId, `${key}-F3`, /\(open\)/);
    await app.slack.clickButton({ ...finished, channel: incident.channelId }, 'followup_done', { userId: 'UFAY' });
    await eventually(async () => (await followupRows(app, incident.number))[2]!.state === 'done', 15_000, 'F3 done');

    await app.slack.event(appHomeOpened('UFAY'));
    const published = await app.fake.waitFor('views.publish', (a) => a.user_id === 'UFAY');
    const blocks = published.args.view.blocks as any[];
    expect(blocks[0].text.text).toBe('Your open follow-ups (2)');
    expect(blocks[1].text.text.split('\n')).toEqual([
      `:pushpin: *${key}-F2* Overdue item · open (overdue) · owner <@UFAY> · due 2020-02-02`,
      `:pushpin: *${key}-F1* Someday item · open · owner <@UFAY>`,
    ]);
  });

  it('the message shortcut Create follow-up opens a form prefilled with the message, and its submit records one linked to it', async () => {
    const incident = await declare(app, 'declare sev3 Disk full');
    const said = app.fake.postUserMessage({ channel: incident.channelId, user: 'UBOB', text: 'We should alert at 80% disk, not 95%' });
    const shortcut = await app.slack.messageShortcut('create_followup', { channel: incident.channelId, ts: said.ts, text: 'We should alert at 80% disk, not 95%', user: 'UBOB' }, { userId: 'UALICE' });
    expect(shortcut.status).toBe(200);
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === shortcut.triggerId);
    const view = app.fake.views.get(opened.response.view.id);
    const link = `${app.fake.workspaceUrl}archives/${incident.channelId}/p${said.ts.replace('.', '')}`;
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"We should alert at 80% disk, not 95%"');
    expect(JSON.stringify(view.blocks)).toContain('"initial_user":"UALICE"');
    expect(JSON.stringify(view.blocks)).toContain(link);

    const submitted = await app.slack.viewSubmission(
      view,
      { followup_text: { text: plainText('Alert at 80% disk') }, followup_owner: { owner: usersSelect('UBOB') }, followup_due: { due: datepicker('2031-04-01') } },
      { userId: 'UALICE' },
    );
    expect(submitted.status).toBe(200);
    const key = `INC-${incident.number}-F1`;
    const message = await followupMessageIn(app, incident.channelId, key, /\(open\)/);
    expect(JSON.stringify(message.blocks)).toContain(`<${link}|from this message>`);
    expect((await followupRows(app, incident.number))[0]).toMatchObject({ text: 'Alert at 80% disk', owner_id: 'UBOB', due_date: '2031-04-01', source_link: link, created_by: 'UALICE' });
  });

  it('the shortcut outside an incident channel says where it works', async () => {
    const said = app.fake.postUserMessage({ channel: 'C0GENERAL', user: 'UBOB', text: 'hello' });
    const shortcut = await app.slack.messageShortcut('create_followup', { channel: 'C0GENERAL', ts: said.ts, text: 'hello' }, { userId: 'UALICE' });
    const answer = await app.fake.waitFor('response_url', (a) => a.url === shortcut.responseUrl);
    expect(answer.args.text).toContain('That command works in an incident channel');
  });
});
