import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileIncidentTimeline } from '../../src/usecases/reconcile-timelines.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.js';
import { entriesOf, openIncident } from './timeline-support.js';

const PAIRS = 30;

/** Sends each group of events at once (no gap between them), groups one after the other. */
async function sendTogether(app: TestApp, groups: unknown[][], to: (i: number) => TestApp = () => app): Promise<void> {
  for (const [i, group] of groups.entries()) {
    const replies = await Promise.all(group.map((event) => to(i).slack.event(event)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
  }
}

/** Waits until a message said after everything else is stored: what came before has been handled. */
async function caughtUp(app: TestApp, channelId: string, incidentNumber: number): Promise<void> {
  const probe = app.fake.postUserMessage({ channel: channelId, user: 'UBOB', text: 'probe' });
  await app.slack.event(probe.event);
  await eventually(async () => (await entriesOf(app, incidentNumber)).some((e) => e.message_ts === probe.ts), 10_000, 'the probe');
}

describe.each(DATABASE_KINDS)('timeline changes in any order on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    app.fake.addUser({ id: 'UALICE', name: 'alice' });
    app.fake.addUser({ id: 'UBOB', name: 'bob' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each([
    ['at once', true],
    ['one right after the other', false],
  ])(`keeps the edit of each of ${PAIRS} messages edited %s, whichever event is written first`, async (_label, together) => {
    const { number, channelId } = await openIncident(app);
    const groups: unknown[][] = [];
    const expected = new Map<string, string>();
    for (let i = 0; i < PAIRS; i += 1) {
      const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: `typo ${i}` });
      const edit = app.fake.editUserMessage(channelId, ts, `fixed ${i}`);
      // Every other pair arrives edit first, as when the message's delivery is retried.
      groups.push(i % 2 ? [edit, event] : [event, edit]);
      expected.set(ts, `fixed ${i}`);
    }
    await sendTogether(app, together ? groups : groups.flatMap((group) => group.map((event) => [event])));
    const allFixed = async () => {
      const rows = (await entriesOf(app, number)).filter((e) => expected.has(e.message_ts!));
      return rows.length === PAIRS && rows.every((e) => e.text === expected.get(e.message_ts!) && e.edited_at !== null);
    };
    await eventually(allFixed, 15_000, 'every edit on the timeline');
    await caughtUp(app, channelId, number);
    expect(await allFixed()).toBe(true);
  }, 60_000);

  it('keeps the later of two edits sent at once in either order', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'v1' });
    const second = app.fake.editUserMessage(channelId, ts, 'v2');
    const third = app.fake.editUserMessage(channelId, ts, 'v3');
    await sendTogether(app, [[third, event, second]]);
    await caughtUp(app, channelId, number);
    const entry = (await entriesOf(app, number)).find((e) => e.message_ts === ts);
    expect(entry?.text).toBe('v3');
  });

  it.each([
    ['with', true],
    ['without', false],
  ])('hides a message deleted at once, %s previous_message, whichever event is written first', async (_label, withPrevious) => {
    const { number, channelId } = await openIncident(app);
    const groups: unknown[][] = [];
    const said = new Map<string, string>();
    for (let i = 0; i < 10; i += 1) {
      const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: `secret ${i}` });
      const deletion = app.fake.deleteUserMessage(channelId, ts);
      if (!withPrevious) delete deletion.previous_message;
      groups.push(i % 2 ? [deletion, event] : [event, deletion]);
      said.set(ts, `secret ${i}`);
    }
    await sendTogether(app, groups);
    // Hidden, and still holding what was said: both the message and its deletion were applied.
    await eventually(
      async () => {
        const rows = (await entriesOf(app, number)).filter((e) => said.has(e.message_ts!));
        return rows.length === said.size && rows.every((e) => e.deleted_at !== null && e.text === said.get(e.message_ts!) && e.author_id === 'UALICE');
      },
      15_000,
      'every message hidden with its text',
    );
  }, 60_000);

  it('repairs the text of a message whose edit was never delivered, from the history', async () => {
    const { number, channelId } = await openIncident(app);
    const { ts, event } = app.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: 'rollback started' });
    await app.slack.event(event);
    await eventually(async () => (await entriesOf(app, number)).find((e) => e.message_ts === ts), 15_000, 'the message');
    app.fake.editUserMessage(channelId, ts, 'rollback finished');

    expect(await reconcileIncidentTimeline(app.sitrep.ctx, { number, channelId })).toEqual({ inserted: 0, repaired: 1, refused: 0 });
    expect(await reconcileIncidentTimeline(app.sitrep.ctx, { number, channelId })).toEqual({ inserted: 0, repaired: 0, refused: 0 });
    const entry = (await entriesOf(app, number)).find((e) => e.message_ts === ts);
    expect(entry?.text).toBe('rollback finished');
    expect(entry?.edited_at).not.toBeNull();
  }, 30_000);
});

describe('timeline changes across two replicas sharing one Postgres', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    `keeps the edit of each of ${PAIRS} messages whose message and edit reach different replicas at once`,
    async () => {
      const database = await freshDatabase('postgres');
      const first = await startTestApp('postgres', { database });
      const second = await startTestApp('postgres', { database, fake: first.fake });
      try {
        first.fake.addUser({ id: 'UALICE', name: 'alice' });
        const { number, channelId } = await openIncident(first);
        const expected = new Map<string, string>();
        const toFirst: unknown[] = [];
        const toSecond: unknown[] = [];
        for (let i = 0; i < PAIRS; i += 1) {
          const { ts, event } = first.fake.postUserMessage({ channel: channelId, user: 'UALICE', text: `draft ${i}` });
          const edit = first.fake.editUserMessage(channelId, ts, `final ${i}`);
          (i % 2 ? toFirst : toSecond).push(event);
          (i % 2 ? toSecond : toFirst).push(edit);
          expected.set(ts, `final ${i}`);
        }
        for (let i = 0; i < PAIRS; i += 1) {
          const replies = await Promise.all([first.slack.event(toFirst[i]), second.slack.event(toSecond[i])]);
          expect(replies.map((r) => r.status)).toEqual([200, 200]);
        }
        const allFinal = async () => {
          const rows = (await entriesOf(first, number)).filter((e) => expected.has(e.message_ts!));
          return rows.length === PAIRS && rows.every((e) => e.text === expected.get(e.message_ts!));
        };
        await eventually(allFinal, 15_000, 'every edit on the timeline');
        await caughtUp(first, channelId, number);
        await caughtUp(second, channelId, number);
        expect(await allFinal()).toBe(true);
      } finally {
        await second.stop();
        await first.stop();
        await database.drop();
      }
    },
    90_000,
  );
});
