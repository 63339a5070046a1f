import { sql } from 'kysely';
import type { Db, SitrepDatabase } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { NewIncidentRow } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { type DatabaseKind, freshDatabase } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import { pgliteSnapshot } from '../support/pglite-snapshot.js';

const logger = createLogger({ databaseUrl: undefined, logLevel: 'warn', logFormat: 'json' }, new LogCapture());

/** A fresh, migrated database of the kind for a store test; `close` drops it. */
export async function migratedDatabase(kind: DatabaseKind, poolSize?: number): Promise<{ db: Db; close(): Promise<void> }> {
  const testDb = await freshDatabase(kind, { migrated: true });
  const snapshot = testDb.databaseUrl ? undefined : await pgliteSnapshot();
  const database: SitrepDatabase = await openDatabase({ databaseUrl: testDb.databaseUrl, dataDir: testDb.dataDir, logger, poolSize, ...(snapshot ? { pgliteSnapshot: snapshot } : {}) });
  await migrateToLatest(database.db);
  return {
    db: database.db,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** Removes every incident and what hangs off it, so tests sharing a database start empty. */
export async function emptyIncidents(db: Db): Promise<void> {
  await sql`truncate incidents restart identity cascade`.execute(db);
}

/** An incident row as the declare flow leaves it; override what the test is about. */
export function incidentRow(overrides: Partial<NewIncidentRow> = {}): NewIncidentRow {
  const declaredAt = new Date('2026-11-21T12:00:00Z');
  return {
    title: 'Checkout failing',
    severity: 'sev2',
    declarer_id: 'UALICE',
    request_key: null,
    declare_step: 'announced',
    declare_error: null,
    declare_abandoned_at: null,
    channel_name: null,
    channel_id: null,
    card_ts: null,
    announcement_ts: null,
    declared_at: declaredAt,
    identified_at: null,
    monitoring_at: null,
    resolved_at: null,
    closed_at: null,
    reopened_at: null,
    impact_started_at: null,
    detected_at: null,
    mitigated_at: null,
    next_update_due_at: declaredAt,
    ...overrides,
  };
}
