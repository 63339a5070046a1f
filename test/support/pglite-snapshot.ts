// A migrated embedded database, dumped once per test run to a file that every test worker loads: a
// fresh in-memory PGlite then skips initdb (seconds each on a busy machine) and the migrations.
// An empty one too (initdb done, no migration yet), for the tests of the migrations themselves.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A name for these migrations as made by this PGlite version: snapshots and templates are kept by it. */
export function schemaVersion(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json')));
  const migrations = join(ROOT, 'migrations');
  for (const name of readdirSync(migrations).sort()) hash.update(name).update(readFileSync(join(migrations, name)));
  return hash.digest('hex').slice(0, 16);
}

export type SnapshotKind = 'migrated' | 'empty';

/** Where the snapshot is kept: an uncompressed tar, since gunzipping it cost a third of each start. */
export function snapshotPath(kind: SnapshotKind = 'migrated'): string {
  return join(tmpdir(), `sitrep-pglite-${schemaVersion()}${kind === 'empty' ? '-empty' : ''}.tar`);
}

const loaded = new Map<SnapshotKind, Promise<Blob | undefined>>();

/** The snapshot, read once per worker; undefined when none was made (a bare in-memory database then). */
export function pgliteSnapshot(kind: SnapshotKind = 'migrated'): Promise<Blob | undefined> {
  let snapshot = loaded.get(kind);
  if (!snapshot) {
    const path = snapshotPath(kind);
    snapshot = Promise.resolve(existsSync(path) ? new Blob([readFileSync(path)]) : undefined);
    loaded.set(kind, snapshot);
  }
  return snapshot;
}

/** A new data directory on disk holding the migrated database, for a CLI process to open. */
export async function migratedDataDir(prefix: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const snapshot = await pgliteSnapshot();
  const pglite = snapshot ? new PGlite(dataDir, { loadDataDir: snapshot }) : new PGlite(dataDir);
  await pglite.waitReady;
  await pglite.close();
  return dataDir;
}
