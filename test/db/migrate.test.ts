import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SitrepDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { migrations } from '../../migrations/index.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import { pgliteSnapshot } from '../support/pglite-snapshot.js';

const logger = createLogger({ databaseUrl: undefined, logLevel: 'warn', logFormat: 'json' }, new LogCapture());

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  const opened: SitrepDatabase[] = [];
  let testDb: TestDatabase | undefined;

  async function open(): Promise<SitrepDatabase> {
    testDb ??= await freshDatabase(kind);
    // An embedded database starts from initdb's files, snapshotted once: initdb costs seconds each time.
    const empty = testDb.databaseUrl ? undefined : await pgliteSnapshot('empty');
    const database = await openDatabase({ databaseUrl: testDb.databaseUrl, dataDir: testDb.dataDir, logger, ...(empty ? { pgliteSnapshot: empty } : {}) });
    opened.push(database);
    return database;
  }

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    await testDb?.drop();
    testDb = undefined;
  });

  it('creates the incident schema, and a second run is a no-op', async () => {
    const { db } = await open();
    expect((await migrateToLatest(db)).applied).toEqual(Object.keys(migrations));
    expect((await migrateToLatest(db)).applied).toEqual([]);

    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['incidents', 'nudges', 'retrospectives', 'role_assignments', 'status_updates', 'timeline_entries']),
    );
    // Numbers come from the database sequence, starting at 1.
    const first = await db
      .insertInto('incidents')
      .values({ title: 'Checkout failing', severity: 'sev2', declarer_id: 'U1', request_key: null, declare_error: null, declare_abandoned_at: null, channel_name: null, channel_id: null, card_ts: null, announcement_ts: null, identified_at: null, monitoring_at: null, resolved_at: null, closed_at: null, reopened_at: null, impact_started_at: null, detected_at: null, mitigated_at: null, next_update_due_at: new Date() })
      .returning(['number', 'state', 'declared_at'])
      .executeTakeFirstOrThrow();
    expect(first.number).toBe(1);
    expect(first.state).toBe('investigating');
    expect(first.declared_at).toBeInstanceOf(Date);
  });

  it('two migrators started together: one applies, the other finds nothing to do', async () => {
    const a = await open();
    // PGlite is one process's database: the second migrator shares it, as a second replica shares a server.
    const b = kind === 'postgres' ? await open() : a;
    const results = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
    const applied = results.map((r) => r.applied.length).sort();
    expect(applied).toEqual([0, Object.keys(migrations).length]);
  });

  it('accepts severity and role ids outside sev1..sev4 and the three built-in roles', async () => {
    const { db } = await open();
    await migrateToLatest(db);
    const { number } = await db
      .insertInto('incidents')
      .values({ title: 'Card data exposed', severity: 'critical', declarer_id: 'U1', request_key: null, declare_error: null, declare_abandoned_at: null, channel_name: null, channel_id: null, card_ts: null, announcement_ts: null, identified_at: null, monitoring_at: null, resolved_at: null, closed_at: null, reopened_at: null, impact_started_at: null, detected_at: null, mitigated_at: null, next_update_due_at: new Date() })
      .returning('number')
      .executeTakeFirstOrThrow();
    await db.insertInto('role_assignments').values({ incident_number: number, role: 'scribe', user_id: 'U2', previous_user_id: null, assigned_by: 'U1' }).execute();
    const stored = await db
      .selectFrom('incidents')
      .innerJoin('role_assignments', 'role_assignments.incident_number', 'incidents.number')
      .select(['incidents.severity', 'role_assignments.role'])
      .where('incidents.number', '=', number)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ severity: 'critical', role: 'scribe' });
  });

  it('keeps one timeline entry per channel and message ts', async () => {
    const { db } = await open();
    await migrateToLatest(db);
    const { number } = await db
      .insertInto('incidents')
      .values({ title: 'x', severity: 'sev3', declarer_id: 'U1', request_key: null, declare_error: null, declare_abandoned_at: null, channel_name: null, channel_id: 'C1', card_ts: null, announcement_ts: null, identified_at: null, monitoring_at: null, resolved_at: null, closed_at: null, reopened_at: null, impact_started_at: null, detected_at: null, mitigated_at: null, next_update_due_at: new Date() })
      .returning('number')
      .executeTakeFirstOrThrow();
    const entry = { incident_number: number, kind: 'message' as const, channel_id: 'C1', message_ts: '1700000000.000100', thread_ts: null, author_id: 'U1', permalink: null, files: '[]', data: '{}', edited_at: null, deleted_at: null };
    await db.insertInto('timeline_entries').values(entry).execute();
    await expect(db.insertInto('timeline_entries').values(entry).execute()).rejects.toThrow(/timeline_entries_message_unique/);
  });
});
