// Small defects of what Sitrep sends Slack, against the real app: broadcasts in message text,
// invites one person at a time, who may command from the declare form, and words for bad input.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app-harness.js';
import { plainText, usersSelect } from '../support/slack-requests.js';
import { answerTo, commandIn, declare, incidentRow, postIn, startResponderApp } from './responder-support.js';
import { declarationsSettled } from './declare-support.js';

const BROADCAST = /<!(channel|here|everyone)/;

describe('what Sitrep sends Slack', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp('pglite');
    app.fake.addUser({ id: 'UROBOT', name: 'deploy-bot', is_bot: true });
    app.fake.addUser({ id: 'UGONE', name: 'gone', deleted: true });
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(() => {
    app.fake.reset();
  });

  /** Opens the declare form as `userId` and submits it with these values; the ack's JSON and the view id. */
  async function submitForm(userId: string, title: string, commander: string) {
    const reply = await app.slack.command('declare', { userId });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === reply.triggerId);
    const view = app.fake.views.get(opened.response.view.id);
    const submitted = await app.slack.viewSubmission(
      view,
      { declare_title: { title: plainText(title) }, declare_commander: { commander: usersSelect(commander) } },
      { userId },
    );
    return { json: submitted.json, viewId: view.id as string };
  }

  it('defuses @channel, @here and @everyone in the text of every post as well as in its blocks', async () => {
    const incident = await declare(app, 'declare sev1 Payments down');
    await commandIn(app, incident, 'update identified <!channel> <!here|here> <!everyone> rollback started', 'UBOB');
    const post = await postIn(app, incident.channelId, /status update/);
    expect(post.args.text).toContain('@channel @here @everyone rollback started');
    // Under the announcement too (a sev1 is major).
    await app.fake.waitFor('chat.postMessage', (a) => a.thread_ts === incident.announcementTs);
    const sent = app.fake.callsTo('chat.postMessage');
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const call of sent) {
      expect(String(call.args.text)).not.toMatch(BROADCAST);
      expect(JSON.stringify(call.args.blocks ?? [])).not.toMatch(BROADCAST);
    }
  });

  it('invites each person on their own, so one refusal does not keep the others out', async () => {
    app.fake.failNext('conversations.invite', { error: 'user_is_restricted' });
    const { viewId } = await submitForm('UDANA', 'Invite refused for one', 'UERIN');
    await app.fake.waitFor('chat.postMessage', (a) => a.channel === 'UDANA', 10_000);
    await declarationsSettled(app);
    const row = await app.sitrep.ctx.db.selectFrom('incidents').selectAll().where('request_key', '=', viewId).executeTakeFirstOrThrow();
    const invites = app.fake.callsTo('conversations.invite');
    expect(invites.map((c) => c.args.users).sort()).toEqual(['UDANA', 'UERIN']);
    const refused = invites.find((c) => !c.response.ok)!.args.users;
    const invited = invites.find((c) => c.response.ok)!.args.users;
    expect(refused).not.toBe(invited);
    expect(app.fake.getChannel(row.channel_id!)!.members.has(invited)).toBe(true);
  });

  it('refuses a bot, a deactivated account or nobody Slack knows as commander on the declare form', async () => {
    for (const [commander, words] of [
      ['UROBOT', 'bot'],
      ['UBOT', 'bot'],
      ['UGONE', 'deactivated'],
      ['B0NOTAPERSON', 'no such person'],
    ] as const) {
      const { json } = await submitForm('UDANA', `Commanded by ${commander}`, commander);
      expect(json, commander).toMatchObject({ response_action: 'errors', errors: { declare_commander: expect.stringContaining(words) } });
    }
    expect(app.fake.callsTo('conversations.create')).toHaveLength(0);
  });

  it('answers a NUL in a title with a refusal in words', async () => {
    const answer = await answerTo(app, 'declare sev2 DB\u0000 down', { userId: 'UALICE' });
    expect(answer.text).toContain('The title cannot contain a NUL character (U+0000).');
    expect(app.fake.callsTo('conversations.create')).toHaveLength(0);
  });

  it('refuses milestones before 2000 in words, and stores none', async () => {
    const incident = await declare(app);
    for (const when of ['9999999999m ago', '1900-01-01 10:00']) {
      const answer = await answerTo(app, `milestone detected ${when}`, { userId: 'UBOB', channelId: incident.channelId });
      expect(answer.text, when).toBe(`:information_source: "${when}" is before 2000; a milestone records when something in this incident happened.`);
    }
    const year0 = await answerTo(app, 'milestone detected 0000-01-01 10:00', { userId: 'UBOB', channelId: incident.channelId });
    expect(year0.text).toMatch(/^:information_source: I cannot read "0000-01-01 10:00" as a time/);
    expect((await incidentRow(app, incident.number)).detected_at).toBeNull();
  });
});
