import { type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest migration. Kysely's Migrator holds a lock while it runs, so
 * replicas starting together apply each migration once; the others find nothing to do.
 */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
