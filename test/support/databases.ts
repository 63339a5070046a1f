import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { schemaVersion } from './pglite-snapshot.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real server too when TEST_DATABASE_URL names one. Suites loop over this. */
export const DATABASE_KINDS: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  kind: DatabaseKind;
  /** Set for postgres: a database of its own, dropped by `drop()`. */
  databaseUrl: string | undefined;
  /** For pglite: a throwaway in-memory database. */
  dataDir: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

function urlOf(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The migrated database that `freshDatabase(…, { migrated: true })` copies; named by the migrations. */
const templateName = () => `sitrep_template_${schemaVersion()}`;

/**
 * Made once per run (global set-up) unless a run with the same migrations made it already. Built
 * under a name of its own and renamed, so runs starting together never copy a half-migrated one.
 */
export async function createMigratedTemplate(): Promise<void> {
  const template = templateName();
  const exists = await asAdmin(async (admin) => (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1);
  if (exists) return;
  const building = `${template}_${process.pid}`;
  await asAdmin((admin) => admin.query(`create database ${building}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urlOf(building), max: 1 }) }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  await asAdmin(async (admin) => {
    try {
      await admin.query(`alter database ${building} rename to ${template}`);
      // Nobody connects to it: a connection would make every copy fail.
      await admin.query(`alter database ${template} with allow_connections false is_template true`);
    } catch (error) {
      await admin.query(`drop database if exists ${building}`);
      if ((error as { code?: string }).code !== '42P04') throw error; // another run made it first
    }
  });
}

/**
 * A fresh database of the given kind: empty, or with every migration applied (`migrated`: copied
 * from the template on Postgres, which costs a fraction of running the migrations; PGlite test
 * apps start from the migrated snapshot either way).
 */
export async function freshDatabase(kind: DatabaseKind, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    return { kind, databaseUrl: undefined, dataDir: 'memory://', drop: async () => {} };
  }
  const name = `sitrep_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await asAdmin((admin) => admin.query(`create database ${name}${options.migrated ? ` template ${templateName()}` : ''}`));
  return {
    kind,
    databaseUrl: urlOf(name),
    dataDir: 'memory://',
    async drop() {
      await asAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}
