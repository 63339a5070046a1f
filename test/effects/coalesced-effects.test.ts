import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { claimDueEffects, enqueueCoalescedEffect } from '../../src/db/effect-store.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { emptyIncidents, incidentRow, migratedDatabase } from '../db/migrated-database.js';

const now = new Date('2026-11-29T10:00:00Z');

describe.each(DATABASE_KINDS)('one waiting refresh per incident on %s', (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Db;
  let number: number;

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    db = database.db;
  });
  beforeEach(async () => {
    await emptyIncidents(db);
    await sql`truncate effects restart identity`.execute(db);
    const row = await db.insertInto('incidents').values(incidentRow()).returning('number').executeTakeFirstOrThrow();
    number = row.number;
  });
  afterAll(async () => {
    await database.close();
  });

  const refresh = () => db.transaction().execute((trx) => enqueueCoalescedEffect(trx, { kind: 'incident.views_refreshed', incidentNumber: number, lane: 'views' }, now));

  it('folds a burst of changes into the refresh still waiting, and stores a new one once that one has started', async () => {
    const first = await refresh();
    expect(await refresh()).toBe(first);
    expect(await refresh()).toBe(first);

    // Started: it may have read the state already, so the next change owes a refresh of its own.
    const [claimed] = await claimDueEffects(db, { now, limit: 10, leaseMs: 60_000, token: 'run-1' });
    expect(claimed!.id).toBe(first);
    const second = await refresh();
    expect(second).not.toBe(first);
    expect(await refresh()).toBe(second);
    const rows = await db.selectFrom('effects').select(['id', 'state']).orderBy('id').execute();
    expect(rows.map((r) => String(r.id))).toEqual([first, second]);
  });

  it('brings a refresh deferred to the end of an edit window forward when a person changes the incident', async () => {
    const windowEnd = new Date(now.getTime() + 5_000);
    const deferred = await db.transaction().execute((trx) => enqueueCoalescedEffect(trx, { kind: 'incident.views_refreshed', incidentNumber: number, lane: 'views', runAfter: windowEnd }, now));
    expect(await claimDueEffects(db, { now, limit: 10, leaseMs: 60_000, token: 'early' })).toHaveLength(0);

    expect(await refresh()).toBe(deferred);
    const [claimed] = await claimDueEffects(db, { now, limit: 10, leaseMs: 60_000, token: 'run-1' });
    expect(claimed!.id).toBe(deferred);
  });
});
