// A migrated embedded database, dumped once per test run to a file that every test worker loads: a
// fresh in-memory PGlite then skips initdb (seconds each on a busy machine) and the migrations.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Where the snapshot is kept: an uncompressed tar, since gunzipping it cost a third of each start. */
export function snapshotPath(): string {
  return join(tmpdir(), `sitrep-pglite-${schemaVersion()}.tar`);
}

let loaded: Promise<Blob | undefined> | undefined;

/** The snapshot, read once per worker; undefined when none was made (a bare in-memory database then). */
export function pgliteSnapshot(): Promise<Blob | undefined> {
  loaded ??= (async () => {
    const path = snapshotPath();
    return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
  })();
  return loaded;
}
