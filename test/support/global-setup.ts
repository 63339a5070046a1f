// Before the suite: the migrated PGlite snapshot that test apps start from (see pglite-snapshot.ts),
// and, when TEST_DATABASE_URL is set, a migrated template database that test databases copy.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { createMigratedTemplate } from './databases.js';
import { snapshotPath } from './pglite-snapshot.js';

export default async function setup(): Promise<void> {
  await createPgliteSnapshot();
  if (process.env.TEST_DATABASE_URL) await createMigratedTemplate();
}

async function createPgliteSnapshot(): Promise<void> {
  if (existsSync(snapshotPath('migrated')) && existsSync(snapshotPath('empty'))) return;
  const pglite = new PGlite('memory://');
  await pglite.waitReady;
  await write(snapshotPath('empty'), await pglite.dumpDataDir('none'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...createPgConfig(pglite), max: 1 }) }) });
  await migrateToLatest(db);
  await db.destroy();
  await write(snapshotPath('migrated'), await pglite.dumpDataDir('none'));
  await pglite.close();
}

/** Written aside, then renamed: a run starting meanwhile never reads half a file. */
async function write(path: string, dump: Blob): Promise<void> {
  const partial = `${path}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
}
