import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineWriter } from '../../src/db/timeline-writer.js';
import type { UseCaseContext } from '../../src/usecases/context.js';
import { reconcileAfterOutage, reconcileTimelines } from '../../src/usecases/reconcile-timelines.js';
import { TimelineGaps } from '../../src/usecases/timeline-gaps.js';
import type { ChannelHistory } from '../../src/usecases/timeline-runtime.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.js';
import { entriesOf, openIncident } from './timeline-support.js';

describe.each(DATABASE_KINDS)('bad messages and lost gaps on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    app.fake.addUser({ id: 'UALICE', name: 'alice' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('stores the rest of a burst holding a U+0000 message (stripped) and a forged ts "abc" (refused, logged once)', async () => {
    const { number, channelId } = await openIncident(app);
    const good = Array.from({ length: 20 }, (_, i) => app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: `fine ${i}` }));
    const nul = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'null\u0000byte' });
    const forged = { ...app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'forged' }).event, ts: 'abc', event_ts: 'abc' };
    const replies = await Promise.all([...good.slice(0, 10).map((m) => m.event), nul.event, forged, ...good.slice(10).map((m) => m.event)].map((e) => app.slack.event(e)));
    expect(replies.every((r) => r.status === 200)).toBe(true);

    const rows = await eventually(async () => {
      const stored = await entriesOf(app, number);
      return stored.length === 21 ? stored : undefined;
    }, 10_000, 'the good messages and the stripped one');
    expect(rows.find((e) => e.message_ts === nul.ts)?.text).toBe('nullbyte');
    expect(rows.some((e) => e.text === 'forged')).toBe(false);
    expect(app.logs.lines.filter((l) => l.includes('malformed message event ignored'))).toHaveLength(1);
  });

  it('writes the rest of a batch when the database refuses one of its messages', async () => {
    const { number, channelId } = await openIncident(app);
    const writer = new TimelineWriter(app.sitrep.ctx.db);
    const state = (i: number, text: string) => {
      const ts = `1800000000.${String(i).padStart(6, '0')}`;
      return {
        incidentNumber: number,
        channelId,
        messageTs: ts,
        deletedAt: null,
        content: {
          channelId,
          messageTs: ts,
          threadTs: null,
          authorId: 'UALICE',
          authorName: null,
          text,
          files: [],
          permalink: `https://acme.slack.com/archives/${channelId}/p1800000000${i}`,
          occurredAt: new Date(1_800_000_000_000),
          editedAt: null,
          versionTs: ts,
        },
      };
    };
    // Past the inbound check: Postgres itself refuses U+0000 in text.
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => writer.write(state(i, i === 3 ? 'bad\u0000' : `good ${i}`))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await entriesOf(app, number)).map((e) => e.text).sort()).toEqual(['good 1', 'good 2', 'good 4', 'good 5']);
  });

  it('gives a gap that cannot be filled up after five tries with backoff, and says so once', async () => {
    let now = new Date('2026-11-29T10:00:00Z');
    let reads = 0;
    const failing: ChannelHistory = {
      channel: async () => {
        reads += 1;
        throw new Error('history unavailable');
      },
      thread: async () => {
        throw new Error('history unavailable');
      },
    };
    const gaps = new TimelineGaps({ maxAttempts: 5, firstBackoffMs: 5_000, now: () => now });
    const ctx: UseCaseContext = { ...app.sitrep.ctx, now: () => now, timeline: { ...app.sitrep.ctx.timeline, history: failing, gaps } };
    const { channelId } = await openIncident(app);
    gaps.note(channelId, { occurredAt: now, threadTs: null });

    // Every 5 s for ten minutes, as the recovery job runs.
    const readsAt: number[] = [];
    for (let second = 0; second < 600; second += 5) {
      const before = reads;
      await reconcileAfterOutage(ctx);
      if (reads > before) readsAt.push(second);
      now = new Date(now.getTime() + 5_000);
    }
    expect(readsAt).toEqual([0, 5, 15, 35, 75]);
    expect(app.logs.lines.filter((l) => l.includes('gave up after repeated failures') && l.includes(channelId))).toHaveLength(1);
  });
});

describe('reconciliation across two replicas sharing one Postgres', () => {
  it.runIf(process.env.TEST_DATABASE_URL)('reads each channel once per run between them', async () => {
    const database = await freshDatabase('postgres');
    const first = await startTestApp('postgres', { database });
    const second = await startTestApp('postgres', { database, fake: first.fake });
    try {
      first.fake.addUser({ id: 'UALICE', name: 'alice' });
      // Each app's own start-up run is a reader too: let it finish before the incidents exist.
      await Promise.all([first.sitrep.startRuns, second.sitrep.startRuns]);
      const channels = [await openIncident(first), await openIncident(first), await openIncident(first)].map((i) => i.channelId);
      for (const channel of channels) first.fake.postUserMessage({ channel, user: 'UALICE', text: 'never delivered' });
      const summaries = await Promise.all([reconcileTimelines(first.sitrep.ctx), reconcileTimelines(second.sitrep.ctx)]);
      // Between them the two runs read every channel once and stored what each was missing.
      expect(summaries[0]!.channels + summaries[1]!.channels).toBe(3);
      expect(summaries[0]!.inserted + summaries[1]!.inserted).toBe(3);
      for (const channel of channels) {
        expect(first.fake.callsTo('conversations.history').filter((c) => c.args.channel === channel)).toHaveLength(1);
      }
    } finally {
      await second.stop();
      await first.stop();
      await database.drop();
    }
  }, 60_000);
});
