import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server benchmarks run on: BENCH_DATABASE_URL, else the tests' TEST_DATABASE_URL, else the local one. */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** A new, empty database on the bench server, dropped (connections and all) by `drop()`. */
export async function createBenchDatabase(purpose: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `sitrep_bench_${purpose}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}
