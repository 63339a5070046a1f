import { describe, expect, it } from 'vitest';
import { eventually } from '../support/app-harness.js';
import { withProxiedDatabase } from '../support/proxied-app.js';
import { entriesOf, openIncident } from './timeline-support.js';

describe('the timeline across a database outage', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'keeps every message that arrived while Postgres was unreachable, exactly once, through reconciliation',
    async () => {
      await withProxiedDatabase(async (app, proxy) => {
        const { number, channelId } = await openIncident(app);
        const say = async (text: string, more: { thread_ts?: string; files?: { name: string }[] } = {}) => {
          const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text, ...more });
          expect((await app.slack.event(event)).status).toBe(200);
          return ts;
        };
        const parent = await say('before the outage');
        await eventually(async () => (await entriesOf(app, number)).length === 1, 15_000, 'the first entry');

        // Cut at once: connections still checked out see it mid-use, which must not crash the app.
        proxy.cut();
        const failuresBefore = app.logs.lines.filter((l) => l.includes('listener failed')).length;
        const lost = [
          await say('during 1'),
          await say('during 2, a reply in an older thread', { thread_ts: parent }),
          await say('during 3, with a file', { files: [{ name: 'dump.txt' }] }),
        ];
        lost.push(await say('during 4, a reply to a lost message', { thread_ts: lost[0] }));
        for (let i = 5; i <= 8; i += 1) lost.push(await say(`during ${i}`));
        // Slack got its 200 for each (Bolt acks first), and each failed to store.
        await eventually(
          () => app.logs.lines.filter((l) => l.includes('listener failed')).length >= failuresBefore + lost.length,
          15_000,
          'the failed writes',
        );

        proxy.restore();
        // A message stored after the outage is newer than every lost one.
        const after = await say('after the outage');

        const expected = [parent, ...lost, after];
        const entries = await eventually(
          async () => {
            const rows = await entriesOf(app, number);
            return expected.every((ts) => rows.some((r) => r.message_ts === ts)) ? rows : undefined;
          },
          30_000,
          'every message on the timeline',
        );
        expect(entries).toHaveLength(expected.length);
        expect(new Set(entries.map((e) => e.message_ts)).size).toBe(expected.length);
        expect(entries.find((e) => e.message_ts === lost[1])?.thread_ts).toBe(parent);
        expect(entries.find((e) => e.message_ts === lost[2])?.files.map((f) => f.name)).toEqual(['dump.txt']);
        expect(entries.find((e) => e.message_ts === lost[3])?.thread_ts).toBe(lost[0]);
        expect(app.fake.callsTo('conversations.history').some((c) => c.args.channel === channelId)).toBe(true);
      });
    },
    90_000,
  );

  it.runIf(process.env.TEST_DATABASE_URL)(
    'brings an edit made while Postgres was unreachable onto the timeline through reconciliation',
    async () => {
      await withProxiedDatabase(async (app, proxy) => {
        const { number, channelId } = await openIncident(app);
        const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'cause: unknown' });
        await app.slack.event(event);
        await eventually(async () => (await entriesOf(app, number)).length === 1, 15_000, 'the message');

        proxy.cut();
        const failuresBefore = app.logs.lines.filter((l) => l.includes('listener failed')).length;
        expect((await app.slack.event(app.fake.editUserMessage(channelId, ts, 'cause: expired certificate'))).status).toBe(200);
        await eventually(() => app.logs.lines.filter((l) => l.includes('listener failed')).length > failuresBefore, 15_000, 'the failed write');
        proxy.restore();

        const entry = await eventually(
          async () => (await entriesOf(app, number)).find((e) => e.message_ts === ts && e.text === 'cause: expired certificate'),
          // The recovery pass runs every 5 s and backs off after a failed try: under load this takes a while.
          60_000,
          'the edit on the timeline',
        );
        expect(entry.edited_at).not.toBeNull();
        expect(await entriesOf(app, number)).toHaveLength(1);
      });
    },
    90_000,
  );
});
