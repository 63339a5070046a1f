import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { usersSelect } from '../support/slack-requests.js';
import {
  answerTo,
  card,
  cardText,
  commandIn,
  declare,
  postedCard,
  postIn,
  roleRows,
  roleRowsOnce,
  startResponderApp,
  timelineWith,
  topicMatching,
} from './responder-support.js';

describe.each(DATABASE_KINDS)('roles on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind);
    app.fake.addUser({ id: 'UBOTTY', name: 'bot', is_bot: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('makes whoever clicks "Take comms" on the card the Communications Lead: message, invite, role note, timeline, card', async () => {
    const incident = await declare(app);
    const clicked = await app.slack.clickButton(postedCard(app, incident), 'take_role_comms', { userId: 'UBOB' });
    expect(clicked.status).toBe(200);

    const post = await postIn(app, incident.channelId, /is now Communications Lead/);
    expect(post.args.text).toBe('<@UBOB> is now Communications Lead.');
    expect(app.fake.callsTo('conversations.invite').map((c) => c.args)).toContainEqual({ channel: incident.channelId, users: 'UBOB' });
    expect(app.fake.getChannel(incident.channelId)!.members.has('UBOB')).toBe(true);

    const note = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UBOB' && a.channel === incident.channelId);
    expect(note.args.text).toMatch(new RegExp(`You are now the \\*Communications Lead\\* of INC-${incident.number}`));
    expect(note.args.text).toMatch(/status updates on cadence[\s\S]*stakeholders/);

    expect(await roleRowsOnce(app, incident.number, 2)).toMatchObject([
      { role: 'commander', user_id: 'UALICE' },
      { role: 'comms', user_id: 'UBOB', previous_user_id: null, assigned_by: 'UBOB' },
    ]);
    const entry = (await timelineWith(app, incident.number, 'role_assigned')).find((e) => e.kind === 'role_assigned')!;
    expect(entry).toMatchObject({ author_id: 'UBOB', message_ts: post.ts, channel_id: incident.channelId });
    expect(entry.data).toEqual({ role: 'comms', from: null, to: 'UBOB' });

    const update = await app.fake.waitFor('chat.update', (a) => a.ts === incident.cardTs && JSON.stringify(a.blocks).includes('<@UBOB>'));
    expect(JSON.stringify(update.args.blocks)).toContain('*Communications Lead*\\n<@UBOB>');
  });

  it('hands the commander role over from the declarer to whoever clicks "Take commander", naming both', async () => {
    const incident = await declare(app);
    await app.slack.clickButton(postedCard(app, incident), 'take_role_commander', { userId: 'UCAROL' });

    const post = await postIn(app, incident.channelId, /is now Incident Commander/);
    expect(post.args.text).toBe('<@UCAROL> is now Incident Commander, taking over from <@UALICE>.');
    const handoff = (await timelineWith(app, incident.number, 'role_handoff')).find((e) => e.kind === 'role_handoff')!;
    expect(handoff.data).toEqual({ role: 'commander', from: 'UALICE', to: 'UCAROL' });
    expect(handoff.text).toBe(post.args.text);

    expect(await topicMatching(app, incident, /IC <@UCAROL>/)).toBe('SEV2 · investigating · IC <@UCAROL>');
    await eventually(() => cardText(app, incident).includes('*Incident Commander*\\n<@UCAROL>'), 10_000, 'the card to show the new commander');
    const note = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UCAROL' && a.channel === incident.channelId);
    expect(note.args.text).toMatch(/Incident Commander[\s\S]*decide, delegate/);
  });

  it('gives "Take ops" to the clicker and re-renders the card it was clicked on', async () => {
    const incident = await declare(app);
    await app.slack.clickButton(postedCard(app, incident), 'take_role_ops', { userId: 'UDAVE' });
    await postIn(app, incident.channelId, /<@UDAVE> is now Operations Lead\./);
    await app.fake.waitFor('chat.update', (a) => a.ts === incident.cardTs && JSON.stringify(a.blocks).includes('*Operations Lead*\\n<@UDAVE>'));
    const note = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UDAVE');
    expect(note.args.text).toMatch(/Operations Lead[\s\S]*hands-on investigation and the fix/);
  });

  it('tells someone who clicks a role they already hold that nothing changed', async () => {
    const incident = await declare(app);
    const clicked = await app.slack.clickButton(card(app, incident), 'take_role_commander', { userId: 'UALICE' });
    const answer = await app.fake.waitFor('response_url', (a) => a.url === clicked.responseUrl);
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: ':information_source: You already are the Incident Commander.' });
    expect(await roleRows(app, incident.number)).toHaveLength(1);
  });

  it('assigns a role from `/incident role` with either mention form, a second assignment being a handoff', async () => {
    const incident = await declare(app);
    await commandIn(app, incident, 'role comms <@UBOB|bob>');
    await postIn(app, incident.channelId, /^<@UBOB> is now Communications Lead\.$/);
    // The notice is posted just before the assignment is saved; a person reading it is slower than that.
    await roleRowsOnce(app, incident.number, 2);
    await commandIn(app, incident, 'role Comms <@UERIN>');
    const handoff = await postIn(app, incident.channelId, /<@UERIN> is now Communications Lead/);
    expect(handoff.args.text).toBe('<@UERIN> is now Communications Lead, taking over from <@UBOB>.');

    expect(await roleRowsOnce(app, incident.number, 3)).toMatchObject([
      { role: 'commander', user_id: 'UALICE' },
      { role: 'comms', user_id: 'UBOB', previous_user_id: null, assigned_by: 'UALICE' },
      { role: 'comms', user_id: 'UERIN', previous_user_id: 'UBOB', assigned_by: 'UALICE' },
    ]);
    const entries = (await timelineWith(app, incident.number, 'role_handoff')).filter((e) => e.kind.startsWith('role_'));
    expect(entries.map((e) => [e.kind, e.data])).toEqual([
      ['role_assigned', { role: 'comms', from: null, to: 'UBOB' }],
      ['role_handoff', { role: 'comms', from: 'UBOB', to: 'UERIN' }],
    ]);
    expect(app.fake.getChannel(incident.channelId)!.members.has('UERIN')).toBe(true);
    await app.fake.waitFor('chat.update', (a) => a.ts === incident.cardTs && JSON.stringify(a.blocks).includes('<@UERIN>'));
  });

  it('refuses a bot, Sitrep included, as a role holder and changes nothing', async () => {
    const incident = await declare(app);
    const answer = await answerTo(app, 'role ops <@UBOTTY|bot>', { userId: 'UALICE', channelId: incident.channelId });
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: ':information_source: <@UBOTTY> is a bot; the Operations Lead has to be a person.' });
    const sitrep = await answerTo(app, `role commander <@${app.fake.botUserId}>`, { userId: 'UALICE', channelId: incident.channelId });
    expect(sitrep.text).toMatch(/is a bot; the Incident Commander has to be a person/);
    expect(await roleRows(app, incident.number)).toHaveLength(1);
    expect(app.fake.getChannel(incident.channelId)!.members.has('UBOTTY')).toBe(false);
  });

  it('refuses to give a role to nobody, and answers wrong arguments with usage', async () => {
    const incident = await declare(app);
    const nobody = await answerTo(app, 'role ops', { userId: 'UALICE', channelId: incident.channelId });
    expect(nobody.text).toBe(':information_source: Name who takes the Operations Lead role, e.g. `/incident role ops @alex`.');
    for (const wrong of ['role scribe <@UBOB>', 'role comms @bob', 'role', 'role comms <@UBOB> <@UERIN>']) {
      const usage = await answerTo(app, wrong, { userId: 'UALICE', channelId: incident.channelId });
      expect(usage.text, wrong).toMatch(/^:information_source: Usage: `\/incident role <commander\|comms\|ops> @person`/);
    }
    expect(await roleRows(app, incident.number)).toHaveLength(1);
  });

  it('says `role` works only in an incident channel when typed elsewhere', async () => {
    const answer = await answerTo(app, 'role comms <@UBOB>', { userId: 'UALICE', channelId: 'C0GENERAL' });
    expect(answer.text).toMatch(/works in an incident channel/);
  });

  it('round-trips the roles form from the card: pickers pre-filled, changed roles handed over on submit', async () => {
    const incident = await declare(app);
    const clicked = await app.slack.clickButton(postedCard(app, incident), 'open_roles_modal', { userId: 'UALICE' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === clicked.triggerId);
    const view = app.fake.views.get(opened.response.view.id);
    expect(view.callback_id).toBe('assign_roles');
    const pickers = Object.fromEntries(view.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.element]));
    expect(pickers.role_commander).toMatchObject({ type: 'users_select', initial_user: 'UALICE' });
    expect(pickers.role_comms).toMatchObject({ type: 'users_select' });
    expect(pickers.role_comms.initial_user).toBeUndefined();
    expect(pickers.role_ops.initial_user).toBeUndefined();

    const submitted = await app.slack.viewSubmission(
      view,
      { role_commander: { holder: usersSelect('UALICE') }, role_comms: { holder: usersSelect('UBOB') }, role_ops: { holder: usersSelect('UCAROL') } },
      { userId: 'UALICE' },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe('');
    await postIn(app, incident.channelId, /<@UBOB> is now Communications Lead\./);
    await postIn(app, incident.channelId, /<@UCAROL> is now Operations Lead\./);
    expect((await roleRowsOnce(app, incident.number, 3)).map((r) => [r.role, r.user_id, r.assigned_by])).toEqual([
      ['commander', 'UALICE', 'UALICE'],
      ['comms', 'UBOB', 'UALICE'],
      ['ops', 'UCAROL', 'UALICE'],
    ]);
    await app.fake.waitFor(
      'chat.update',
      (a) => a.ts === incident.cardTs && JSON.stringify(a.blocks).includes('<@UBOB>') && JSON.stringify(a.blocks).includes('<@UCAROL>'),
    );

    // Reopened, the form shows the new holders.
    const again = await commandIn(app, incident, 'roles');
    const reopened = await app.fake.waitFor('views.open', (a) => a.trigger_id === again.triggerId);
    const inputs = reopened.args.view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.element.initial_user);
    expect(inputs).toEqual(['UALICE', 'UBOB', 'UCAROL']);
  });

  it('changes no role when the form names a bot or leaves a held role empty, and tells the submitter why', async () => {
    const incident = await declare(app);
    const opened = await commandIn(app, incident, 'roles', 'UALICE');
    const view = app.fake.views.get((await app.fake.waitFor('views.open', (a) => a.trigger_id === opened.triggerId)).response.view.id);

    await app.slack.viewSubmission(view, { role_comms: { holder: usersSelect('UERIN') }, role_ops: { holder: usersSelect('UBOTTY') }, role_commander: { holder: usersSelect('UALICE') } }, { userId: 'UALICE' });
    const botNote = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UALICE' && a.channel === incident.channelId && /bot/.test(a.text));
    expect(botNote.args.text).toBe(':information_source: <@UBOTTY> is a bot; the Operations Lead has to be a person. No roles were changed.');

    await app.slack.viewSubmission(view, { role_commander: { holder: usersSelect(null) } }, { userId: 'UALICE' });
    const emptyNote = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UALICE' && a.channel === incident.channelId && /nobody/.test(a.text));
    expect(emptyNote.args.text).toBe(
      ':information_source: The Incident Commander role cannot be left to nobody; pick who takes over from <@UALICE>. No roles were changed.',
    );
    expect(await roleRows(app, incident.number)).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === incident.channelId)).toHaveLength(1);
  });
});
