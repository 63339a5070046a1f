import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import {
  answerTo,
  card,
  cardText,
  commandIn,
  declare,
  declarePrivate,
  INCIDENTS_CHANNEL,
  incidentRow,
  postedCard,
  postIn,
  startResponderApp,
  timelineWith,
  topicMatching,
} from './responder-support.js';

const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('severity, resolve and reopen on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind, { STALE_AFTER_SEV1: '10m', STALE_AFTER_SEV2: '20m', STALE_AFTER_SEV3: '45m', STALE_AFTER_SEV4: '3h' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('raises the severity: stored with its time, on the timeline, cadence from the last update, card, topic, announcement thread', async () => {
    const incident = await declare(app, 'declare sev3 Checkout failing');
    const declared = await incidentRow(app, incident.number);
    await commandIn(app, incident, 'severity SEV1', 'UBOB');

    const notice = await postIn(app, incident.channelId, /severity raised/);
    expect(notice.args.text).toBe(`:arrow_up: INC-${incident.number} severity raised from SEV3 to :red_circle: *SEV1* by <@UBOB>.`);
    const entries = await timelineWith(app, incident.number, 'severity_changed');
    expect(entries.find((e) => e.kind === 'severity_changed')).toMatchObject({ author_id: 'UBOB', message_ts: notice.ts, data: { from: 'sev3', to: 'sev1' }, text: 'Severity raised from SEV3 to SEV1' });
    const row = await incidentRow(app, incident.number);
    expect(row.severity).toBe('sev1');
    expect(row.severity_changed_at.getTime()).toBeGreaterThan(declared.severity_changed_at.getTime());
    expect(row.next_update_due_at.getTime()).toBe(declared.last_update_at.getTime() + 10 * MINUTE);

    expect(await topicMatching(app, incident, /^SEV1/)).toBe('SEV1 · investigating · IC <@UALICE>');
    await eventually(() => cardText(app, incident).includes('SEV1'), 10_000, 'the card to show SEV1');
    const thread = await postIn(app, INCIDENTS_CHANNEL, /severity raised/);
    expect(thread.args.thread_ts).toBe(incident.announcementTs);
    // The announcement itself shows the new severity.
    await eventually(() => JSON.stringify(app.fake.findMessage(INCIDENTS_CHANNEL, incident.announcementTs)!.blocks).includes('SEV1'));
  });

  it('lowers the severity without announcing it, and says when it is already that severity', async () => {
    const incident = await declare(app, 'declare sev2 Queue backlog');
    await commandIn(app, incident, 'severity 4');
    await postIn(app, incident.channelId, /severity lowered from SEV2 to :white_circle: \*SEV4\*/);
    await topicMatching(app, incident, /^SEV4/);
    const row = await incidentRow(app, incident.number);
    expect(row.next_update_due_at.getTime() - row.last_update_at.getTime()).toBe(3 * 60 * MINUTE);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL && c.args.thread_ts === incident.announcementTs)).toEqual([]);

    const same = await answerTo(app, 'severity sev4', { channelId: incident.channelId });
    expect(same.text).toBe(`:information_source: INC-${incident.number} is already SEV4.`);
    for (const wrong of ['severity', 'severity sev5', 'severity critical']) {
      const usage = await answerTo(app, wrong, { channelId: incident.channelId });
      expect(usage.text, wrong).toBe(':information_source: Usage: `/incident severity <sev1|sev2|sev3|sev4>` (sev1 is the worst).');
    }
  });

  it('does not announce a private incident raised to sev1', async () => {
    const incident = await declarePrivate(app, 'Leaked credentials', 'UBOB', 'sev3');
    await commandIn(app, incident, 'severity sev1', 'UBOB');
    await postIn(app, incident.channelId, /severity raised/);
    await topicMatching(app, incident, /^SEV1/);
    // The reply would have come before the views were refreshed.
    expect(app.fake.callsTo('chat.postMessage').some((c) => c.args.thread_ts === incident.announcementTs)).toBe(false);
  });

  it('resolves from the card\'s Resolve button: state and time stored, posted, announced, card without buttons', async () => {
    const incident = await declare(app, 'declare sev2 Checkout failing');
    await app.slack.clickButton(postedCard(app, incident), 'resolve_incident', { userId: 'UBOB' });

    const notice = await postIn(app, incident.channelId, /resolved/);
    expect(notice.args.text).toMatch(new RegExp(`^:white_check_mark: \\*INC-${incident.number} resolved\\* by <@UBOB> after \\d+s\\. Nudges have stopped\\.$`));
    const row = await incidentRow(app, incident.number);
    expect(row.state).toBe('resolved');
    expect(row.resolved_at).not.toBeNull();
    const entries = await timelineWith(app, incident.number, 'resolved');
    expect(entries.find((e) => e.kind === 'resolved')).toMatchObject({ author_id: 'UBOB', message_ts: notice.ts, text: 'Resolved', data: { from: 'investigating', note: null } });

    const announced = await postIn(app, INCIDENTS_CHANNEL, new RegExp(`INC-${incident.number} resolved`));
    expect(announced.args.thread_ts).toBe(incident.announcementTs);
    expect(await topicMatching(app, incident, /resolved/)).toBe('SEV2 · resolved · IC <@UALICE>');
    await eventually(() => !cardText(app, incident).includes('resolve_incident'), 10_000, 'the card to lose its buttons');
    expect(cardText(app, incident)).not.toContain('take_role_commander');
    expect(cardText(app, incident)).toContain('*State*\\nresolved');
  });

  it('resolves with `/incident resolve <text>` and explains that a resolved incident cannot be resolved again', async () => {
    const incident = await declare(app);
    await commandIn(app, incident, 'resolve Rolled back to v41', 'UCAROL');
    const notice = await postIn(app, incident.channelId, /resolved/);
    expect(notice.args.text).toContain('\n>Rolled back to v41');
    const entries = await timelineWith(app, incident.number, 'resolved');
    expect(entries.find((e) => e.kind === 'resolved')).toMatchObject({ text: 'Resolved: Rolled back to v41', data: { note: 'Rolled back to v41' } });

    const again = await answerTo(app, 'resolve', { channelId: incident.channelId });
    expect(again).toMatchObject({ response_type: 'ephemeral', text: `:information_source: INC-${incident.number} is already resolved.` });
    // The old card's button, clicked late, gets the same answer.
    const clicked = await app.slack.clickButton(postedCard(app, incident), 'resolve_incident', { userId: 'UBOB' });
    const answer = await app.fake.waitFor('response_url', (a) => a.url === clicked.responseUrl);
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: `:information_source: INC-${incident.number} is already resolved.` });
    expect((await timelineWith(app, incident.number, 'resolved')).filter((e) => e.kind === 'resolved')).toHaveLength(1);
  });

  it('reopens a resolved incident back to investigating with a fresh stale clock, and refuses to reopen an open one', async () => {
    const incident = await declare(app, 'declare sev1 Checkout failing');
    const open = await answerTo(app, 'reopen', { channelId: incident.channelId });
    expect(open).toMatchObject({ response_type: 'ephemeral', text: `:information_source: INC-${incident.number} is still open (investigating); there is nothing to reopen.` });

    await commandIn(app, incident, 'resolve');
    await postIn(app, incident.channelId, /resolved/);
    await topicMatching(app, incident, /resolved/);
    const before = Date.now();
    await commandIn(app, incident, 'reopen', 'UBOB');
    const notice = await postIn(app, incident.channelId, /reopened/);
    expect(notice.args.text).toBe(`:arrows_counterclockwise: *INC-${incident.number} reopened* by <@UBOB>: back to investigating.`);
    const row = await incidentRow(app, incident.number);
    expect(row).toMatchObject({ state: 'investigating', resolved_at: null, closed_at: null });
    expect(row.reopened_at!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(row.next_update_due_at.getTime() - row.reopened_at!.getTime()).toBe(10 * MINUTE);
    const entries = await timelineWith(app, incident.number, 'reopened');
    expect(entries.find((e) => e.kind === 'reopened')).toMatchObject({ author_id: 'UBOB', message_ts: notice.ts, data: { from: 'resolved' } });
    const announced = await postIn(app, INCIDENTS_CHANNEL, new RegExp(`INC-${incident.number} reopened`));
    expect(announced.args.thread_ts).toBe(incident.announcementTs);

    expect(await topicMatching(app, incident, /investigating/)).toBe('SEV1 · investigating · IC <@UALICE>');
    await eventually(() => cardText(app, incident).includes('resolve_incident'), 10_000, 'the card to get its buttons back');
    // Its buttons work again.
    await app.slack.clickButton(card(app, incident), 'take_role_ops', { userId: 'UDAVE' });
    await postIn(app, incident.channelId, /<@UDAVE> is now Operations Lead/);
  });

  it('refuses to resolve or change a closed incident, and reopens it', async () => {
    const incident = await declare(app);
    // Closing is the retrospective's command; the state rules are what this checks.
    await app.sitrep.ctx.db.updateTable('incidents').set({ state: 'closed', resolved_at: new Date(), closed_at: new Date() }).where('number', '=', incident.number).execute();
    const resolve = await answerTo(app, 'resolve', { channelId: incident.channelId });
    expect(resolve.text).toBe(`:information_source: INC-${incident.number} is closed; there is nothing to resolve. Use \`/incident reopen\` if it is back.`);
    const severity = await answerTo(app, 'severity sev1', { channelId: incident.channelId });
    expect(severity.text).toBe(`:information_source: INC-${incident.number} is closed, so its severity can no longer change. Use \`/incident reopen\` first.`);
    const role = await answerTo(app, 'role comms <@UBOB>', { channelId: incident.channelId });
    expect(role.text).toMatch(/is closed, so its roles can no longer change/);

    await commandIn(app, incident, 'reopen');
    await postIn(app, incident.channelId, /reopened/);
    const entries = await timelineWith(app, incident.number, 'reopened');
    expect(entries.find((e) => e.kind === 'reopened')!.data).toEqual({ from: 'closed' });
  });

  it('says resolve, reopen and severity work only in an incident channel when typed elsewhere', async () => {
    for (const text of ['resolve', 'reopen', 'severity sev1', 'roles', 'info']) {
      const answer = await answerTo(app, text, { channelId: 'C0GENERAL' });
      expect(answer.text, text).toMatch(/works in an incident channel/);
    }
  });
});
