import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { answerTo, card, commandIn, declare, type DeclaredIncident, incidentRow, roleRows, startResponderApp, timelineOf } from './responder-support.js';

const ROUNDS = 4;

/** The incident's status updates once there are `count`, each linked to its post. */
async function storedUpdates(app: TestApp, number: number, count: number) {
  return eventually(async () => {
    const rows = await app.sitrep.ctx.db.selectFrom('status_updates').selectAll().where('incident_number', '=', number).orderBy('id').execute();
    return rows.length === count && rows.every((r) => r.message_ts !== null) ? rows : undefined;
  }, 15_000, `${count} status updates, posted`);
}

/** The commander assignments once there are `count`, each handoff linked to its post on the timeline. */
async function commanderChain(app: TestApp, incident: DeclaredIncident, count: number) {
  return eventually(async () => {
    const rows = (await roleRows(app, incident.number)).filter((r) => r.role === 'commander');
    const handoffs = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'role_handoff');
    return rows.length === count && handoffs.length === count - 1 && handoffs.every((e) => e.message_ts !== null) ? { rows, handoffs } : undefined;
  }, 15_000, `${count} commanders, handoffs posted`);
}

describe.each(DATABASE_KINDS)('two responders at once on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('stores and posts both of two status updates sent at the same moment, in order, round after round', async () => {
    const incident = await declare(app);
    const answers: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const sent = await Promise.all([
        commandIn(app, incident, `update identified Round ${round}: Bob found the bad deploy`, 'UBOB'),
        commandIn(app, incident, `update monitoring Round ${round}: Carol watching the fix`, 'UCAROL'),
      ]);
      answers.push(...sent.map((s) => s.responseUrl));
      const rows = await storedUpdates(app, incident.number, round * 2);
      expect(rows.slice(-2).map((r) => r.author_id).sort()).toEqual(['UBOB', 'UCAROL']);
    }

    const rows = await storedUpdates(app, incident.number, ROUNDS * 2);
    // Every stored update is in the channel, as the message its row names; nothing was posted that was not stored.
    const posts = app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === incident.channelId && /Round \d/.test(JSON.stringify(c.args.blocks)));
    expect(posts).toHaveLength(ROUNDS * 2);
    expect(rows.map((r) => r.message_ts).sort()).toEqual(posts.map((p) => p.response.ts as string).sort());
    for (const row of rows) {
      const post = posts.find((p) => p.response.ts === row.message_ts)!;
      expect(JSON.stringify(post.args.blocks)).toContain(row.text);
    }
    // The state is the one the update stored last named; each update's state applied to the state the one before left.
    const stored = await incidentRow(app, incident.number);
    expect(stored.state).toBe(rows.at(-1)!.state);
    expect(stored.last_update_at).toEqual(rows.at(-1)!.posted_at);
    expect(stored.identified_at).not.toBeNull();
    expect(stored.monitoring_at).not.toBeNull();

    // The timeline has each update once, in the order stored, linked to its post.
    // (The entry is linked just after the update row: wait for the last link.)
    const entries = await eventually(
      async () => {
        const found = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'status_update');
        return found.every((e) => e.message_ts) ? found : undefined;
      },
      10_000,
      'every update entry linked to its post',
    );
    expect(entries.map((e) => e.text)).toEqual(rows.map((r) => r.text));
    expect(entries.map((e) => e.message_ts)).toEqual(rows.map((r) => r.message_ts));
    // Nobody was told their update failed.
    expect(app.fake.callsTo('response_url').filter((c) => answers.includes(c.args.url))).toEqual([]);
  });

  it('leaves one commander and a handoff in the stored order when two people click "Take commander" at once', async () => {
    const incident = await declare(app);
    const people = ['UBOB', 'UCAROL'];
    let rows = (await commanderChain(app, incident, 1)).rows;
    for (let round = 1; round <= ROUNDS; round++) {
      const before = rows.length;
      const holder = rows.at(-1)!.user_id;
      const clicks = await Promise.all(people.map((userId) => app.slack.clickButton(card(app, incident), 'take_role_commander', { userId })));
      const answerTo = (i: number) => app.fake.callsTo('response_url').find((c) => c.args.url === clicks[i]!.responseUrl);
      // Each click is either stored as a takeover or, when its person held the role as it was stored, answered so.
      const settled = await eventually(async () => {
        const current = (await roleRows(app, incident.number)).filter((r) => r.role === 'commander');
        const handoffs = (await timelineOf(app, incident.number)).filter((e) => e.kind === 'role_handoff');
        const accounted = people.every((u, i) => current.slice(before).some((r) => r.assigned_by === u) || answerTo(i));
        const linked = handoffs.length === current.length - 1 && handoffs.every((e) => e.message_ts !== null);
        return accounted && linked ? { current, handoffs } : undefined;
      }, 15_000, `round ${round} settled`);
      rows = settled.current;
      const added = rows.slice(before);

      // One holder at a time: each new commander took over from the one stored just before.
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.previous_user_id).toBe(rows[i - 1]!.user_id);
      expect(added.length).toBeGreaterThanOrEqual(1);
      expect(added[0]!.previous_user_id).toBe(holder);
      expect(settled.handoffs.map((e) => e.data)).toEqual(rows.slice(1).map((r) => ({ role: 'commander', from: r.previous_user_id, to: r.user_id })));
      // The channel heard each handoff as stored, and the timeline links to that message.
      for (const [i, row] of added.entries()) {
        const said = `<@${row.user_id}> is now Incident Commander, taking over from <@${row.previous_user_id}>.`;
        const entry = settled.handoffs[before - 1 + i]!;
        const post = app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === incident.channelId && c.response?.ts === entry.message_ts);
        expect(post?.args.text).toBe(said);
      }
      // Whoever's click changed nothing was told they already hold it, and only they.
      for (const [i, userId] of people.entries()) {
        const tookOver = added.some((r) => r.assigned_by === userId);
        expect(answerTo(i)?.args.text, userId).toBe(tookOver ? undefined : ':information_source: You already are the Incident Commander.');
      }
    }
    const last = rows.at(-1)!.user_id;
    await eventually(() => app.fake.getChannel(incident.channelId)!.topic.value.includes(`IC <@${last}>`), 10_000, 'the topic to name the last commander');
  });

  it('reports a change Slack would not post as stored, not as failed', async () => {
    const incident = await declare(app);
    app.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    const answer = await answerTo(app, 'resolve Rolled back', { channelId: incident.channelId, userId: 'UBOB' });
    expect(answer).toMatchObject({
      response_type: 'ephemeral',
      text: `:information_source: INC-${incident.number}: the resolution is stored, but Slack could not post it (the bot is not in that channel).`,
    });
    expect((await incidentRow(app, incident.number)).state).toBe('resolved');
    const entry = (await timelineOf(app, incident.number)).find((e) => e.kind === 'resolved');
    expect(entry).toMatchObject({ text: 'Resolved: Rolled back', author_id: 'UBOB', message_ts: null });
  });
});
