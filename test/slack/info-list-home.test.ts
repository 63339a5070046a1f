import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { appHomeOpened } from '../support/slack-requests.js';
import {
  answerTo,
  commandIn,
  declare,
  type DeclaredIncident,
  declarePrivate,
  postIn,
  roleRowsOnce,
  startResponderApp,
  topicMatching,
} from './responder-support.js';

describe.each(DATABASE_KINDS)('info, list and App Home on %s', (kind) => {
  let app: TestApp;
  let minor: DeclaredIncident;
  let major: DeclaredIncident;
  let worst: DeclaredIncident;
  let hidden: DeclaredIncident;
  let fixed: DeclaredIncident;

  beforeAll(async () => {
    app = await startResponderApp(kind);
    minor = await declare(app, 'declare sev3 Slow search');
    worst = await declare(app, 'declare sev1 Checkout failing');
    major = await declare(app, 'declare sev2 Payments delayed');
    hidden = await declarePrivate(app, 'Customer data exposure', 'UBOB');
    fixed = await declare(app, 'declare sev2 Login flaky');
    await commandIn(app, fixed, 'resolve Restarted the auth pods');
    await topicMatching(app, fixed, /resolved/);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const keysIn = (text: string) => [...text.matchAll(/\*INC-(\d+)\*/g)].map((m) => Number(m[1]));

  it('summarises the incident with `/incident info`: key, title, severity, state, roles, age, last update', async () => {
    const noUpdate = await answerTo(app, 'info', { userId: 'UERIN', channelId: major.channelId });
    expect(noUpdate.response_type).toBe('ephemeral');
    expect(noUpdate.text).toMatch(new RegExp(`^INC-${major.number}: Payments delayed · SEV2 · investigating · last update none yet$`));
    expect(JSON.stringify(noUpdate.blocks)).toContain('*Last update* _none yet_');

    await commandIn(app, major, 'role comms <@UBOB>');
    await roleRowsOnce(app, major.number, 2);
    await commandIn(app, major, 'update identified Queue consumer stuck', 'UBOB');
    await postIn(app, major.channelId, /Queue consumer stuck/);
    await topicMatching(app, major, /identified/);

    const info = await answerTo(app, 'info', { userId: 'UERIN', channelId: major.channelId });
    expect(info.text).toMatch(new RegExp(`^INC-${major.number}: Payments delayed · SEV2 · identified · last update \\d+[sm] ago$`));
    const shown: string = info.blocks![0].text.text;
    expect(shown).toContain(`*INC-${major.number}: Payments delayed*`);
    expect(shown).toContain('*Severity* :large_orange_circle: SEV2 · *State* identified');
    expect(shown).toContain('*Incident Commander* <@UALICE> · *Communications Lead* <@UBOB> · *Operations Lead* _unassigned_');
    expect(shown).toMatch(/\*Declared\* \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+[sm] ago\) by <@UALICE> · \*Age\* \d+[sm]/);
    expect(shown).toMatch(/\*Last update\* \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+[sm] ago\) by <@UBOB>, 1 in all\n>Queue consumer stuck/);
    expect(shown).toMatch(/\*Next update due\* \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('lists open incidents most severe first, leaving out resolved ones and private ones the asker is not in', async () => {
    const answer = await answerTo(app, 'list', { userId: 'UERIN', channelId: 'C0GENERAL' });
    expect(answer.response_type).toBe('ephemeral');
    const keys = keysIn(JSON.stringify(answer.blocks));
    expect(keys).toEqual([worst.number, major.number, minor.number]);
    expect(JSON.stringify(answer)).not.toContain('Customer data exposure');
    expect(JSON.stringify(answer)).not.toContain('Login flaky');
    expect(answer.text).toBe(`3 open incidents: INC-${worst.number}, INC-${major.number}, INC-${minor.number}`);
    expect(JSON.stringify(answer.blocks)).toContain(`:red_circle: *SEV1* *INC-${worst.number}* Checkout failing · investigating · IC <@UALICE> · <#${worst.channelId}>`);
  });

  it('shows a private incident to its declarer, its role holders and its channel members', async () => {
    const declarer = await answerTo(app, 'list', { userId: 'UBOB', channelId: 'C0GENERAL' });
    expect(keysIn(JSON.stringify(declarer.blocks))).toEqual([hidden.number, worst.number, major.number, minor.number]);
    expect(JSON.stringify(declarer.blocks)).toContain(`*INC-${hidden.number}* :lock: Customer data exposure`);

    app.fake.getChannel(hidden.channelId)!.members.add('UFRANK');
    const member = await answerTo(app, 'list', { userId: 'UFRANK', channelId: 'C0GENERAL' });
    expect(keysIn(JSON.stringify(member.blocks))).toContain(hidden.number);
    // One question for the person's private rooms, not one per room.
    expect(app.fake.callsTo('users.conversations').filter((c) => c.args.user === 'UFRANK')).toHaveLength(1);
    expect(app.fake.callsTo('conversations.members')).toEqual([]);

    const outsider = await answerTo(app, 'list', { userId: 'UGRACE', channelId: 'C0GENERAL' });
    expect(keysIn(JSON.stringify(outsider.blocks))).not.toContain(hidden.number);
  });

  it('hides a private incident when its members cannot be read', async () => {
    app.fake.getChannel(hidden.channelId)!.members.add('UHENRY');
    app.fake.failNext('users.conversations', { error: 'missing_scope' });
    const answer = await answerTo(app, 'list', { userId: 'UHENRY', channelId: 'C0GENERAL' });
    expect(keysIn(JSON.stringify(answer.blocks))).toEqual([worst.number, major.number, minor.number]);
  });

  it('publishes the App Home with open incidents and recently resolved ones, private ones only to members', async () => {
    await app.slack.event(appHomeOpened('UERIN'));
    const published = await app.fake.waitFor('views.publish', (a) => a.user_id === 'UERIN');
    const view = published.args.view;
    expect(view.type).toBe('home');
    const shown = JSON.stringify(view.blocks);
    const [openPart, resolvedPart] = shown.split('Recently resolved');
    expect(keysIn(openPart!)).toEqual([worst.number, major.number, minor.number]);
    expect(openPart).toContain('Open incidents (3)');
    expect(keysIn(resolvedPart!)).toEqual([fixed.number]);
    expect(resolvedPart).toMatch(/Login flaky · resolved \d{4}-\d\d-\d\d \d\d:\d\d UTC after \d+s/);
    expect(shown).not.toContain('Customer data exposure');

    await app.slack.event(appHomeOpened('UBOB'));
    const bobs = await app.fake.waitFor('views.publish', (a) => a.user_id === 'UBOB');
    expect(keysIn(JSON.stringify(bobs.args.view.blocks).split('Recently resolved')[0]!)).toEqual([hidden.number, worst.number, major.number, minor.number]);
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    await app.slack.event(appHomeOpened('UHEIDI', { tab: 'messages' }));
    await app.slack.event(appHomeOpened('UIVAN'));
    await app.fake.waitFor('views.publish', (a) => a.user_id === 'UIVAN');
    expect(app.fake.callsTo('views.publish').some((c) => c.args.user_id === 'UHEIDI')).toBe(false);
  });
});
