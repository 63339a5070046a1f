import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { lockDataDir } from './data-dir-lock.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface SitrepDatabase {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** True when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** Directory of the embedded database, or `memory://` for a throwaway one (tests). */
  dataDir: string;
  logger: Logger;
  poolSize?: number;
  /** An embedded database's files (PGlite `dumpDataDir`) to start a `memory://` one from: tests skip initdb. */
  pgliteSnapshot?: Blob;
}

// A query that waits this long for a connection is a bug or an outage: fail instead of hanging.
const CONNECTION_TIMEOUT_MS = 5_000;

/** One Kysely instance over the real server (pg Pool) or the embedded PGlite, same dialect and types. */
export async function openDatabase(options: DatabaseOptions): Promise<SitrepDatabase> {
  const log = options.logger.child({ component: 'db' });
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    });
    // A connection dropped by the server (idle in the pool, or checked out mid-query) must not crash
    // the process: the query in flight fails, and the next one reconnects.
    pool.on('error', (error) => log.warn({ err: error.message }, 'idle database connection lost'));
    pool.on('connect', (client) => {
      client.on('error', (error) => log.warn({ err: error.message }, 'database connection lost'));
    });
    return wrap(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres', async () => {});
  }

  const inMemory = options.dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(options.dataDir);
  try {
    const pglite = inMemory && options.pgliteSnapshot ? new PGlite({ loadDataDir: options.pgliteSnapshot }) : new PGlite(inMemory ? 'memory://' : options.dataDir);
    await pglite.waitReady;
    // PGlite has one connection: the pool holds exactly one, so a query issued on `db` inside a
    // transaction waits for it; the timeout turns that mistake into an error instead of a hang.
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
    pool.on('error', (error) => log.warn({ err: error.message }, 'embedded database connection error'));
    log.info({ dataDir: inMemory ? 'memory' : options.dataDir }, 'embedded database open');
    return wrap(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'pglite', async () => {
      await pglite.close();
      unlock();
    });
  } catch (error) {
    unlock();
    throw error;
  }
}

function wrap(db: Db, kind: SitrepDatabase['kind'], afterDestroy: () => Promise<void>): SitrepDatabase {
  let closed = false;
  return {
    db,
    kind,
    async ping(timeoutMs = 2_000) {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([sql`select 1`.execute(db).then(() => true), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await afterDestroy();
    },
  };
}
