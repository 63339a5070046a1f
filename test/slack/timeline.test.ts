import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateIncident } from '../../src/db/incident-store.js';
import { appendSystemEntry } from '../../src/db/timeline-store.js';
import { reconcileIncidentTimeline } from '../../src/usecases/reconcile-timelines.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { reactionEvent } from '../support/slack-requests.js';
import { entriesOf, openIncident } from './timeline-support.js';

async function entryOf(app: TestApp, incidentNumber: number, messageTs: string) {
  return (await entriesOf(app, incidentNumber)).find((e) => e.message_ts === messageTs);
}

describe.each(DATABASE_KINDS)('the incident timeline on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    app.fake.addUser({ id: 'UALICE', name: 'alice' });
    app.fake.addUser({ id: 'UBOB', name: 'bob' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** A person's message, posted in the fake Slack and delivered as Slack would deliver it. */
  async function say(channel: string, text: string, more: { user?: string; thread_ts?: string; files?: { name: string }[] } = {}) {
    const { ts, event } = app.fake.postUserMessage({ channel, user: more.user ?? 'UALICE', text, ...more });
    const reply = await app.slack.event(event);
    expect(reply.status).toBe(200);
    return { ts, event };
  }

  it('records a plain message with author, time, text and permalink, without asking Slack for the link', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts } = await say(channelId, 'Error rate at 40% on checkout-api');
    const entry = await eventually(() => entryOf(app, number, ts), 15_000, 'the entry');
    expect(entry).toMatchObject({
      kind: 'message',
      channel_id: channelId,
      author_id: 'UALICE',
      text: 'Error rate at 40% on checkout-api',
      thread_ts: null,
      files: [],
      permalink: `${app.fake.workspaceUrl}archives/${channelId}/p${ts.replace('.', '')}`,
      data: { authorName: 'alice' },
      edited_at: null,
      deleted_at: null,
      key_event: false,
    });
    expect(entry.occurred_at.getTime()).toBe(Math.round(Number(ts) * 1000));
    expect(app.fake.callsTo('chat.getPermalink')).toHaveLength(0);
  });

  it('records messages in a private incident channel', async () => {
    const { number, channelId } = await openIncident(app, { private: true });
    const { ts, event } = await say(channelId, 'private incident note');
    expect(event.channel_type).toBe('group');
    await eventually(() => entryOf(app, number, ts), 15_000, 'the entry');
  });

  it('records a thread reply with its thread ts and a permalink into the thread', async () => {
    const { number, channelId } = await openIncident(app);
    const parent = await say(channelId, 'Rolling back deploy 1234');
    const reply = await say(channelId, 'Rollback done', { user: 'UBOB', thread_ts: parent.ts });
    const entry = await eventually(() => entryOf(app, number, reply.ts), 15_000, 'the reply');
    expect(entry.thread_ts).toBe(parent.ts);
    expect(entry.author_id).toBe('UBOB');
    expect(entry.permalink).toBe(`${app.fake.workspaceUrl}archives/${channelId}/p${reply.ts.replace('.', '')}?thread_ts=${parent.ts}&cid=${channelId}`);
    expect((await entryOf(app, number, parent.ts))?.thread_ts).toBeNull();
  });

  it('records a file share with the names of its files', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts, event } = await say(channelId, 'graphs attached', { files: [{ name: 'latency.png' }, { name: 'errors.csv' }] });
    expect(event.subtype).toBe('file_share');
    const entry = await eventually(() => entryOf(app, number, ts), 15_000, 'the entry');
    expect(entry.text).toBe('graphs attached');
    expect(entry.files.map((f) => f.name)).toEqual(['latency.png', 'errors.csv']);
  });

  it('updates the entry of an edited message and marks it edited', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts } = await say(channelId, 'rollback done');
    await eventually(() => entryOf(app, number, ts));
    await app.slack.event(app.fake.editUserMessage(channelId, ts, 'rollback done, errors back to 0.1%'));
    const entry = await eventually(async () => {
      const e = await entryOf(app, number, ts);
      return e?.edited_at ? e : undefined;
    }, 15_000, 'the edit');
    expect(entry.text).toBe('rollback done, errors back to 0.1%');
    expect(await entriesOf(app, number)).toHaveLength(1);
  });

  it('stores an edit whose original never arrived, as an edited entry', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'first words' });
    await app.slack.event(app.fake.editUserMessage(channelId, ts, 'better words'));
    const entry = await eventually(() => entryOf(app, number, ts), 15_000, 'the entry');
    expect(entry).toMatchObject({ text: 'better words', author_id: 'UALICE' });
    expect(entry.edited_at).not.toBeNull();
  });

  it('hides a deleted message but keeps it in the database', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts } = await say(channelId, 'the password is hunter2');
    await eventually(() => entryOf(app, number, ts));
    await app.slack.event(app.fake.deleteUserMessage(channelId, ts));
    const entry = await eventually(async () => {
      const e = await entryOf(app, number, ts);
      return e?.deleted_at ? e : undefined;
    }, 15_000, 'the deletion');
    expect(entry.text).toBe('the password is hunter2');
  });

  it('marks an entry as a key event with :pushpin: and unmarks it when the pin is removed', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts } = await say(channelId, 'root cause: expired TLS certificate');
    await eventually(() => entryOf(app, number, ts));
    await app.slack.event(reactionEvent('reaction_added', { user: 'UBOB', reaction: 'eyes', channel: channelId, ts }));
    await app.slack.event(reactionEvent('reaction_added', { user: 'UBOB', reaction: 'pushpin', channel: channelId, ts }));
    await eventually(async () => (await entryOf(app, number, ts))?.key_event === true, 15_000, 'the key event mark');
    await app.slack.event(reactionEvent('reaction_removed', { user: 'UBOB', reaction: 'pushpin', channel: channelId, ts }));
    await eventually(async () => (await entryOf(app, number, ts))?.key_event === false, 15_000, 'the mark removed');
  });

  it("marks a system entry as a key event through the bot's post that announced it", async () => {
    const { number, channelId } = await openIncident(app);
    const post = await app.sitrep.ctx.slack.postMessage(channelId, { text: 'Severity is now sev1' });
    await appendSystemEntry(app.sitrep.ctx.db, number, {
      kind: 'severity_changed',
      authorId: 'UALICE',
      text: 'Severity sev2 → sev1',
      occurredAt: new Date(),
      data: { from: 'sev2', to: 'sev1' },
      channelId,
      messageTs: post.ts,
    });
    await app.slack.event(reactionEvent('reaction_added', { user: 'UBOB', reaction: 'pushpin', channel: channelId, ts: post.ts }));
    await eventually(async () => (await entryOf(app, number, post.ts))?.key_event === true, 15_000, 'the key event mark');
  });

  it("does not copy the bot's own messages, nor other apps' bot messages", async () => {
    const { number, channelId } = await openIncident(app);
    const post = await app.sitrep.ctx.slack.postMessage(channelId, { text: 'Status update: mitigated' });
    const botEvent = { ...app.fake.findMessage(channelId, post.ts), channel: channelId, event_ts: post.ts, channel_type: 'channel' };
    expect((await app.slack.event(botEvent)).status).toBe(200);
    const otherApp = { type: 'message', subtype: 'bot_message', bot_id: 'B0PAGER', username: 'PagerBot', text: 'Alert firing', ts: '1900000000.000100', channel: channelId };
    expect((await app.slack.event(otherApp)).status).toBe(200);
    const { ts } = await say(channelId, 'after the bots');
    await eventually(() => entryOf(app, number, ts));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await entriesOf(app, number)).map((e) => e.text)).toEqual(['after the bots']);
  });

  it('ignores noise such as people joining the channel', async () => {
    const { number, channelId } = await openIncident(app);
    const join = { type: 'message', subtype: 'channel_join', user: 'UBOB', text: '<@UBOB> has joined the channel', ts: '1900000001.000100', channel: channelId, inviter: 'UALICE' };
    await app.slack.event(join);
    const { ts } = await say(channelId, 'welcome bob');
    await eventually(() => entryOf(app, number, ts));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await entriesOf(app, number)).map((e) => e.text)).toEqual(['welcome bob']);
  });

  it('ignores a message in a channel that is not an incident channel: no Web API call, nothing stored', async () => {
    const general = app.fake.addChannel({ name: `general-${kind}`, members: ['UALICE'] });
    const { number, channelId } = await openIncident(app);
    const callsBefore = app.fake.calls.length;
    await say(general.id, 'lunch anyone?', { user: 'UCAROL' });
    const { ts } = await say(channelId, 'still investigating');
    await eventually(() => entryOf(app, number, ts));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await app.sitrep.ctx.db.selectFrom('timeline_entries').select('id').where('channel_id', '=', general.id).execute();
    expect(stored).toHaveLength(0);
    // Nothing about the other channel or its author reached Slack.
    expect(app.fake.calls.slice(callsBefore).filter((c) => JSON.stringify(c.args).includes(general.id) || c.args.user === 'UCAROL')).toEqual([]);
  });

  it('stores nothing once the incident is resolved', async () => {
    const { number, channelId } = await openIncident(app);
    await updateIncident(app.sitrep.ctx.db, number, { state: 'resolved', resolvedAt: new Date() });
    await say(channelId, 'all good now');
    const { ts: probe } = await say(channelId, 'still nothing');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await entryOf(app, number, probe)).toBeUndefined();
    expect(await entriesOf(app, number)).toHaveLength(0);
  });

  it('stores one entry when the same event is delivered three times with retry headers', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'paging the DB team' });
    const first = await app.slack.event(event);
    const second = await app.slack.event(event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    const third = await app.slack.event(event, { eventId: first.eventId, retryNum: 2, retryReason: 'http_timeout' });
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    await eventually(() => entryOf(app, number, ts));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await entriesOf(app, number)).filter((e) => e.message_ts === ts)).toHaveLength(1);
  });

  it('stores one entry when the same message arrives under different event ids', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'said once, delivered thrice' });
    await Promise.all([app.slack.event(event), app.slack.event(event), app.slack.event(event)]);
    await eventually(() => entryOf(app, number, ts));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await entriesOf(app, number)).toHaveLength(1);
  });

  it('stores 1,000 messages sent concurrently as 1,000 entries', async () => {
    const { number, channelId } = await openIncident(app);
    const events = Array.from({ length: 1_000 }, (_, i) =>
      app.fake.postUserMessage({ channel: channelId, user: i % 2 ? 'UALICE' : 'UBOB', text: `message ${i}` }).event,
    );
    for (let start = 0; start < events.length; start += 50) {
      const replies = await Promise.all(events.slice(start, start + 50).map((event) => app.slack.event(event)));
      expect(replies.every((r) => r.status === 200)).toBe(true);
    }
    const count = async () =>
      Number((await app.sitrep.ctx.db.selectFrom('timeline_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('incident_number', '=', number).executeTakeFirstOrThrow()).n);
    await eventually(async () => (await count()) === 1_000, 30_000, '1,000 entries');
    const texts = new Set((await entriesOf(app, number)).map((e) => e.text));
    expect(texts.size).toBe(1_000);
  }, 60_000);

  it('reconciles with Slack: stores what the timeline lacks, threads included, once however often it runs', async () => {
    const { number, channelId } = await openIncident(app);
    const stored = await say(channelId, 'first, delivered');
    await eventually(() => entryOf(app, number, stored.ts));
    // Said in Slack, never delivered to us.
    const lost = app.fake.postUserMessage({ channel: channelId, user: 'UBOB', text: 'lost top-level' });
    const lostReply = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'lost reply', thread_ts: lost.ts });
    const lostInOldThread = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'lost reply to the first', thread_ts: stored.ts });
    await app.sitrep.ctx.slack.postMessage(channelId, { text: 'a bot post, not copied' });

    expect(await reconcileIncidentTimeline(app.sitrep.ctx, { number, channelId })).toMatchObject({ inserted: 3, repaired: 0 });
    expect(await reconcileIncidentTimeline(app.sitrep.ctx, { number, channelId })).toMatchObject({ inserted: 0, repaired: 0 });

    const entries = await entriesOf(app, number);
    expect(entries.map((e) => e.text).sort()).toEqual(['first, delivered', 'lost reply', 'lost reply to the first', 'lost top-level']);
    expect(entries.find((e) => e.message_ts === lostReply.ts)?.thread_ts).toBe(lost.ts);
    expect(entries.find((e) => e.message_ts === lostInOldThread.ts)?.thread_ts).toBe(stored.ts);
    expect(entries.find((e) => e.message_ts === lost.ts)?.data).toEqual({ authorName: 'bob' });
  }, 30_000);
});
