import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock } from '../../src/incidents/time.js';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { plainText, staticSelect } from '../support/slack-requests.js';
import {
  answerTo,
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

async function statusUpdates(app: TestApp, number: number, count: number) {
  return eventually(async () => {
    const rows = await app.sitrep.ctx.db.selectFrom('status_updates').selectAll().where('incident_number', '=', number).orderBy('id').execute();
    // Stored first, then linked to the post once it is made.
    return rows.length === count && rows.every((r) => r.message_ts !== null) ? rows : undefined;
  }, 10_000, `${count} status updates`);
}

describe.each(DATABASE_KINDS)('status updates on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    // Cadences that cannot be confused with one another or with the form's standard choices.
    app = await startResponderApp(kind, { STALE_AFTER_SEV1: '10m', STALE_AFTER_SEV2: '20m', STALE_AFTER_SEV3: '45m' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('posts `/incident update identified …`, sets the state, resets the stale clock and records it everywhere', async () => {
    const incident = await declare(app);
    const before = Date.now();
    await commandIn(app, incident, 'update identified Bad deploy of checkout-api; rolling back', 'UBOB');

    const post = await postIn(app, incident.channelId, /status update/);
    const [stored] = await statusUpdates(app, incident.number, 1);
    const row = await eventually(async () => {
      const r = await incidentRow(app, incident.number);
      return r.state === 'identified' ? r : undefined;
    });
    const due = row.next_update_due_at;
    expect(due.getTime() - row.last_update_at.getTime()).toBe(20 * MINUTE);
    expect(row.last_update_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(row.identified_at).toEqual(row.last_update_at);

    expect(post.args.text).toContain(`Next update by ${formatClock(due, 'UTC')}`);
    const shown = JSON.stringify(post.args.blocks);
    expect(shown).toContain('Bad deploy of checkout-api; rolling back');
    expect(shown).toContain('*identified* (was investigating)');
    expect(shown).toContain(`Next update by ${formatClock(due, 'UTC')} · posted by <@UBOB>`);

    expect(stored).toMatchObject({ author_id: 'UBOB', text: 'Bad deploy of checkout-api; rolling back', state: 'identified', message_ts: post.ts });
    expect(stored!.next_update_due_at).toEqual(due);

    const entries = await timelineWith(app, incident.number, 'state_changed');
    expect(entries.find((e) => e.kind === 'status_update')).toMatchObject({
      author_id: 'UBOB',
      text: 'Bad deploy of checkout-api; rolling back',
      message_ts: post.ts,
      data: { state: 'identified', nextUpdateDueAt: due.toISOString() },
    });
    expect(entries.find((e) => e.kind === 'state_changed')!.data).toEqual({ from: 'investigating', to: 'identified' });

    expect(await topicMatching(app, incident, /identified/)).toBe('SEV2 · identified · IC <@UALICE>');
    await app.fake.waitFor('chat.update', (a) => a.ts === incident.cardTs && JSON.stringify(a.blocks).includes('*State*\\nidentified'));
  });

  it('posts a sev1/sev2 update as a thread reply under the announcement, a sev3 one only in its channel', async () => {
    const major = await declare(app, 'declare sev2 Payments down');
    await commandIn(app, major, 'update Card payments failing in EU');
    const reply = await postIn(app, INCIDENTS_CHANNEL, /Card payments failing in EU/);
    expect(reply.args.thread_ts).toBe(major.announcementTs);
    const [stored] = await statusUpdates(app, major.number, 1);
    await eventually(async () => {
      const rows = await app.sitrep.ctx.db.selectFrom('status_updates').select('announcement_ts').where('id', '=', stored!.id).execute();
      return rows[0]?.announcement_ts === reply.ts;
    });
    const thread = app.fake.messages(INCIDENTS_CHANNEL, { thread_ts: major.announcementTs });
    expect(thread.map((m) => m.ts)).toEqual([major.announcementTs, reply.ts]);

    const minor = await declare(app, 'declare sev3 Slow search');
    await commandIn(app, minor, 'update Search p99 at 4s');
    await postIn(app, minor.channelId, /Search p99 at 4s/);
    await statusUpdates(app, minor.number, 1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL && /Search p99/.test(c.args.text))).toEqual([]);
  });

  it('keeps a private sev1 incident\'s updates out of the announcements channel', async () => {
    const incident = await declarePrivate(app, 'Customer data exposure', 'UBOB');
    await commandIn(app, incident, 'update Access revoked for the leaked key', 'UBOB');
    await postIn(app, incident.channelId, /Access revoked/);
    await statusUpdates(app, incident.number, 1);
    expect(JSON.stringify(app.fake.messages(INCIDENTS_CHANNEL))).not.toContain('Access revoked');
  });

  it('round-trips the update form from the card\'s "Post update" button, with the chosen next update time', async () => {
    const incident = await declare(app, 'declare sev1 Login broken');
    const clicked = await app.slack.clickButton(postedCard(app, incident), 'open_update_modal', { userId: 'UCAROL' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === clicked.triggerId);
    const view = app.fake.views.get(opened.response.view.id);
    expect(view.callback_id).toBe('post_update');
    const inputs = Object.fromEntries(view.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.element]));
    expect(inputs.update_state).toMatchObject({ type: 'static_select', initial_option: { value: 'investigating' } });
    expect(inputs.update_state.options.map((o: any) => o.value)).toEqual(['investigating', 'identified', 'monitoring']);
    expect(inputs.update_text).toMatchObject({ type: 'plain_text_input', multiline: true });
    // The severity's cadence (10m here) is offered and chosen by default, beside the usual intervals.
    expect(inputs.update_next.options.map((o: any) => o.text.text)).toEqual(['10 minutes', '15 minutes', '30 minutes', '1 hour', '2 hours', '4 hours']);
    expect(inputs.update_next.initial_option).toMatchObject({ value: String(10 * MINUTE) });

    const submitted = await app.slack.viewSubmission(
      view,
      {
        update_state: { state: staticSelect('monitoring') },
        update_text: { text: plainText('Fix deployed, watching error rates') },
        update_next: { next_in_ms: staticSelect(String(2 * 60 * MINUTE)) },
      },
      { userId: 'UCAROL' },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe('');
    const post = await postIn(app, incident.channelId, /Fix deployed/);
    const row = await eventually(async () => {
      const r = await incidentRow(app, incident.number);
      return r.state === 'monitoring' ? r : undefined;
    });
    expect(row.next_update_due_at.getTime() - row.last_update_at.getTime()).toBe(2 * 60 * MINUTE);
    expect(row.monitoring_at).not.toBeNull();
    expect(row.identified_at).toBeNull();
    expect(post.args.text).toContain(`Next update by ${formatClock(row.next_update_due_at, 'UTC')}`);
    const [stored] = await statusUpdates(app, incident.number, 1);
    expect(stored).toMatchObject({ author_id: 'UCAROL', state: 'monitoring' });
  });

  it('shows an empty update as an error on the form and posts nothing', async () => {
    const incident = await declare(app);
    const opened = await commandIn(app, incident, 'update');
    const view = app.fake.views.get((await app.fake.waitFor('views.open', (a) => a.trigger_id === opened.triggerId)).response.view.id);
    const empty = await app.slack.viewSubmission(view, { update_text: { text: plainText('   ') } });
    expect(empty.json).toEqual({ response_action: 'errors', errors: { update_text: 'Write the update.' } });
    expect(await app.sitrep.ctx.db.selectFrom('status_updates').selectAll().where('incident_number', '=', incident.number).execute()).toEqual([]);
  });

  it('takes a 2,400-character update with `&` typed in the form, counting characters as typed; refuses 2,501 on the form', async () => {
    const incident = await declare(app);
    const openForm = async () => {
      const opened = await commandIn(app, incident, 'update');
      return app.fake.views.get((await app.fake.waitFor('views.open', (a) => a.trigger_id === opened.triggerId)).response.view.id);
    };
    // 2,400 characters as typed; in Slack's markup each `&` is `&amp;`, 2,700 characters stored.
    const typed = `${'R&D '.repeat(100)}${'x'.repeat(2_000)}`;
    expect(typed).toHaveLength(2_400);
    const submitted = await app.slack.viewSubmission(await openForm(), { update_text: { text: plainText(typed) } }, { userId: 'UBOB' });
    expect(submitted.body).toBe('');
    const [stored] = await statusUpdates(app, incident.number, 1);
    expect(stored!.text).toBe(typed.replace(/&/g, '&amp;'));
    const post = await postIn(app, incident.channelId, /status update/);
    expect(JSON.stringify(post.args.blocks)).toContain('R&amp;D R&amp;D');
    expect(app.fake.callsTo('chat.postEphemeral').filter((c) => c.args.channel === incident.channelId && c.args.user === 'UBOB')).toEqual([]);

    const tooLong = await app.slack.viewSubmission(await openForm(), { update_text: { text: plainText(`${typed}${'y'.repeat(101)}`) } }, { userId: 'UBOB' });
    expect(tooLong.json).toEqual({ response_action: 'errors', errors: { update_text: 'Keep the update to 2500 characters or fewer.' } });
    expect(await app.sitrep.ctx.db.selectFrom('status_updates').selectAll().where('incident_number', '=', incident.number).execute()).toHaveLength(1);
  });

  it('opens the form with the state pre-selected for `/incident update monitoring` without text', async () => {
    const incident = await declare(app);
    const opened = await commandIn(app, incident, 'update monitoring');
    const call = await app.fake.waitFor('views.open', (a) => a.trigger_id === opened.triggerId);
    const state = call.args.view.blocks.find((b: any) => b.block_id === 'update_state');
    expect(state.element.initial_option.value).toBe('monitoring');
  });

  it('explains why a resolved incident takes no update, and points `update resolved` at resolve', async () => {
    const incident = await declare(app);
    const wrongWord = await answerTo(app, 'update resolved all good', { channelId: incident.channelId });
    expect(wrongWord.text).toMatch(/To resolve it use `\/incident resolve \[text\]`/);

    await commandIn(app, incident, 'resolve');
    await eventually(async () => (await incidentRow(app, incident.number)).state === 'resolved');
    const refused = await answerTo(app, 'update Still watching', { channelId: incident.channelId });
    expect(refused).toMatchObject({
      response_type: 'ephemeral',
      text: `:information_source: INC-${incident.number} is resolved, so it takes no status updates. Use \`/incident reopen\` first if it needs more work.`,
    });
    const form = await answerTo(app, 'update', { channelId: incident.channelId });
    expect(form.text).toMatch(/is resolved, so it takes no status updates/);
    expect(await app.sitrep.ctx.db.selectFrom('status_updates').selectAll().where('incident_number', '=', incident.number).execute()).toEqual([]);
  });

  it('says `update` works only in an incident channel when typed elsewhere', async () => {
    const answer = await answerTo(app, 'update All fine', { channelId: 'C0GENERAL' });
    expect(answer.text).toMatch(/works in an incident channel/);
  });
});
