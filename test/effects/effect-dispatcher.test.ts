import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { type Effect, effectsOfIncident, enqueueEffects, type NewEffect, pendingEffectsSummary } from '../../src/db/effect-store.js';
import { EffectDispatcher, type EffectDispatcherOptions, EffectFailure, type EffectHandler, GAVE_UP_REPORT } from '../../src/effects/effect-dispatcher.js';
import { createLogger } from '../../src/logger.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import { emptyIncidents, incidentRow, migratedDatabase } from '../db/migrated-database.js';

const start = new Date('2026-11-29T10:00:00Z');

/** A clock the test moves by hand. */
function fakeClock() {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

/** A release the test controls: a handler awaits it, the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.each(DATABASE_KINDS)('the effect queue on %s', (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Db;
  let clock: ReturnType<typeof fakeClock>;
  let log: LogCapture;

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    db = database.db;
  });
  beforeEach(async () => {
    await emptyIncidents(db);
    await sql`truncate effects restart identity`.execute(db);
    await db.insertInto('incidents').values([incidentRow(), incidentRow({ title: 'Search slow' })]).execute();
    clock = fakeClock();
    log = new LogCapture();
  });
  afterAll(async () => {
    await database.close();
  });

  /** Runs what is due, then moves the clock 10 s (past every backoff here), `rounds` times: retries and reports run. */
  async function runEveryTenSeconds(queue: EffectDispatcher, rounds: number) {
    for (let i = 0; i < rounds; i += 1) {
      await queue.runDue();
      clock.advance(10_000);
    }
  }

  function dispatcher(handlers: Record<string, EffectHandler>, overrides: Partial<EffectDispatcherOptions> = {}) {
    return new EffectDispatcher({
      db,
      logger: createLogger({ databaseUrl: undefined, logLevel: 'info', logFormat: 'json' }, log),
      now: clock.now,
      handlers,
      concurrency: 4,
      leaseMs: 60_000,
      pollMs: 60_000,
      maxAttempts: 3,
      backoffMs: (attempts) => attempts * 1_000,
      ...overrides,
    });
  }

  const store = (effects: NewEffect[]) => db.transaction().execute((trx) => enqueueEffects(trx, effects, clock.now()));

  it("runs one incident's effects of a lane in the order they were stored, and other lanes and incidents beside them", async () => {
    const order: string[] = [];
    const firstPost = gate();
    const handlers = {
      post: async (effect: Effect) => {
        order.push(`start ${effect.payload.name}`);
        if (effect.payload.name === 'inc1-a') await firstPost.opened;
        order.push(`end ${effect.payload.name}`);
      },
    };
    await store([
      { kind: 'post', incidentNumber: 1, payload: { name: 'inc1-a' } },
      { kind: 'post', incidentNumber: 1, payload: { name: 'inc1-b' } },
      { kind: 'post', incidentNumber: 1, lane: 'announcement', payload: { name: 'inc1-announce' } },
      { kind: 'post', incidentNumber: 2, payload: { name: 'inc2-a' } },
    ]);
    const queue = dispatcher(handlers);
    const running = queue.runDue();
    // inc1-a is held: its lane waits behind it, the other lane and incident 2 go on.
    await vitestEventually(() => order.includes('end inc2-a') && order.includes('end inc1-announce'));
    expect(order).not.toContain('start inc1-b');
    firstPost.open();
    await running;
    expect(order.indexOf('end inc1-a')).toBeLessThan(order.indexOf('start inc1-b'));
    expect((await effectsOfIncident(db, 1)).map((e) => e.state)).toEqual(['done', 'done', 'done']);
  });

  it('retries a failing effect with backoff, records the result when it succeeds, and keeps later effects of its lane waiting', async () => {
    let calls = 0;
    const ran: string[] = [];
    const queue = dispatcher({
      post: async () => {
        calls += 1;
        if (calls < 3) throw new Error('http_error_500');
        return { ts: '1700000000.000100' };
      },
      pin: async () => {
        ran.push('pin');
      },
    });
    await store([
      { kind: 'post', incidentNumber: 1 },
      { kind: 'pin', incidentNumber: 1 },
    ]);
    await queue.runDue();
    expect(calls).toBe(1);
    expect(ran).toEqual([]);
    clock.advance(999);
    await queue.runDue();
    expect(calls).toBe(1);
    clock.advance(1);
    await queue.runDue();
    expect(calls).toBe(2);
    clock.advance(2_000);
    await queue.runDue();
    expect(calls).toBe(3);
    expect(ran).toEqual(['pin']);
    const [post] = await effectsOfIncident(db, 1);
    expect(post).toMatchObject({ state: 'done', attempts: 3, result: { ts: '1700000000.000100' }, lastError: null });
  });

  it('gives up after the last try, or at once when the failure is final, and reports it once', async () => {
    const reports: string[] = [];
    const queue = dispatcher(
      {
        post: async () => {
          throw new Error('request_error');
        },
        invite: async () => {
          throw new EffectFailure('channel_not_found', false);
        },
      },
      { onGaveUp: async (effect, error) => void reports.push(`${effect.kind}: ${error}`) },
    );
    await store([
      { kind: 'post', incidentNumber: 1 },
      { kind: 'invite', incidentNumber: 2 },
    ]);
    await runEveryTenSeconds(queue, 5);
    expect(reports).toEqual(['invite: channel_not_found', 'post: request_error']);
    // Each report is an effect of its own, stored with the failure and done once.
    expect(await effectsOfIncident(db, 1)).toMatchObject([
      { kind: 'post', state: 'failed', attempts: 3, lastError: 'request_error' },
      { kind: GAVE_UP_REPORT, state: 'done', attempts: 1 },
    ]);
    expect(await effectsOfIncident(db, 2)).toMatchObject([
      { kind: 'invite', state: 'failed', attempts: 1 },
      { kind: GAVE_UP_REPORT, state: 'done', attempts: 1 },
    ]);
  });

  it('tries a report that failed again, and only logs one that is given up itself', async () => {
    const tries: string[] = [];
    const queue = dispatcher(
      {
        invite: async () => {
          throw new EffectFailure('channel_not_found', false);
        },
      },
      {
        onGaveUp: async (effect, error, report) => {
          tries.push(`${effect.kind}: ${error} (report try ${report.attempts})`);
          if (effect.incidentNumber === 2 || report.attempts === 1) throw new Error('Slack said internal_error');
        },
      },
    );
    await store([
      { kind: 'invite', incidentNumber: 1 },
      { kind: 'invite', incidentNumber: 2 },
    ]);
    await runEveryTenSeconds(queue, 5);
    expect(tries.filter((t) => t.startsWith('invite')).sort()).toEqual([
      'invite: channel_not_found (report try 1)',
      'invite: channel_not_found (report try 1)',
      'invite: channel_not_found (report try 2)',
      'invite: channel_not_found (report try 2)',
      'invite: channel_not_found (report try 3)',
    ]);
    expect(await effectsOfIncident(db, 1)).toMatchObject([{ kind: 'invite', state: 'failed' }, { kind: GAVE_UP_REPORT, state: 'done', attempts: 2 }]);
    // The report of incident 2 failed every try: given up and logged, never reported in turn.
    expect(await effectsOfIncident(db, 2)).toMatchObject([{ kind: 'invite', state: 'failed' }, { kind: GAVE_UP_REPORT, state: 'failed', attempts: 3 }]);
    expect(log.lines.filter((l) => JSON.parse(l).msg === 'could not report an effect given up')).toHaveLength(1);
  });

  it('waits as long as a rate limit asks before the next try', async () => {
    let calls = 0;
    const queue = dispatcher({
      post: async () => {
        calls += 1;
        if (calls === 1) throw new EffectFailure('rate_limited', true, 8_000);
      },
    });
    await store([{ kind: 'post', incidentNumber: 1 }]);
    await queue.runDue();
    clock.advance(7_999);
    await queue.runDue();
    expect(calls).toBe(1);
    clock.advance(1);
    await queue.runDue();
    expect(calls).toBe(2);
  });

  it('stores an effect with a dedup key once, however often the change is retried', async () => {
    const first = await store([{ kind: 'notify', incidentNumber: 1, dedupKey: 'rule:heads-up:INC-1:severity_raised:3' }]);
    const again = await store([{ kind: 'notify', incidentNumber: 1, dedupKey: 'rule:heads-up:INC-1:severity_raised:3' }]);
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    expect(await effectsOfIncident(db, 1)).toHaveLength(1);
  });

  it('lets two replicas share the queue with each effect run once, and fences out a run whose claim lapsed', async () => {
    const runs: string[] = [];
    const slow = gate();
    const handlers = (replica: string): Record<string, EffectHandler> => ({
      post: async (effect) => {
        runs.push(`${replica}:${effect.payload.n}`);
        if (replica === 'a' && effect.payload.n === 0) await slow.opened;
      },
    });
    await store(Array.from({ length: 6 }, (_, n) => ({ kind: 'post', incidentNumber: null, lane: `l${n}`, payload: { n } })));
    const a = dispatcher(handlers('a'), { concurrency: 3 });
    const b = dispatcher(handlers('b'), { concurrency: 3 });
    const aRunning = a.runDue();
    // Replica a claims first (on a shared pool b's claim could otherwise overtake it).
    await vitestEventually(() => runs.includes('a:0'));
    await b.runDue();
    // Every other effect recorded first (replica a may still be running one it claimed after 1 and 2):
    // only effect 0's claim is to lapse.
    await vitestEventually(async () => {
      const done = await db.selectFrom('effects').select('id').where('state', '=', 'done').execute();
      return done.length === 5;
    });
    // Replica a still holds effect 0; once its claim lapses, b takes it over and records it.
    clock.advance(60_001);
    await b.runDue();
    slow.open();
    await aRunning;
    const ns = runs.map((r) => Number(r.split(':')[1]));
    expect(ns.filter((n) => n !== 0).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(runs.filter((r) => r.endsWith(':0'))).toEqual(['a:0', 'b:0']);
    const rows = await db.selectFrom('effects').select(['state', 'attempts']).execute();
    expect(rows.every((r) => r.state === 'done')).toBe(true);
    expect(log.lines.some((l) => JSON.parse(l).msg === 'effect done, but its claim had passed to another run: not recorded twice')).toBe(true);
  });

  it('says how many effects wait and how old the oldest is', async () => {
    await store([{ kind: 'post', incidentNumber: 1 }]);
    clock.advance(30_000);
    await store([{ kind: 'post', incidentNumber: 2 }]);
    expect(await pendingEffectsSummary(db, clock.now())).toEqual({ count: 2, oldestAgeSeconds: 30 });
  });

  it('tells a waiter when its effect is done', async () => {
    const [id] = await store([{ kind: 'post', incidentNumber: 1 }]);
    const queue = dispatcher({ post: async () => ({ channel: 'C1' }) });
    const waiting = queue.settled(id!, 5_000);
    await queue.runDue();
    expect(await waiting).toMatchObject({ state: 'done', result: { channel: 'C1' } });
  });
});

/** Polls a condition the handlers set (no clock involved: this waits for work in flight). */
async function vitestEventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1500 && !(await condition()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await condition()).toBe(true);
}
