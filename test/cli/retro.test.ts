import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReportCommand, runReportCommand } from '../../src/cli/reports.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { saveRetrospective } from '../../src/db/retrospective-store.js';
import type { Db } from '../../src/db/database.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { emptyIncidents, incidentRow, migratedDatabase } from '../db/migrated-database.js';
import { todaysPolicy } from '../support/policy.js';

const retro = (positionals: string[], more: Partial<ReportCommand> = {}): ReportCommand => ({
  command: 'retro',
  positionals,
  json: false,
  version: undefined,
  timezone: 'UTC',
  policy: todaysPolicy,
  ...more,
});

const USAGE = 'Usage: sitrep retro <incident> [--version N]   (<incident> is 42 or INC-42)';

describe.each(DATABASE_KINDS)('sitrep retro on %s', (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    db = database.db;
  });
  beforeEach(async () => {
    await emptyIncidents(db);
  });
  afterAll(async () => {
    await database.close();
  });

  async function closedTwice(): Promise<number> {
    const { number } = await db.insertInto('incidents').values(incidentRow({ state: 'closed' })).returning('number').executeTakeFirstOrThrow();
    for (const label of ['first close', 'second close']) {
      await saveRetrospective(db, number, { write: (version) => `# INC-${number}\n\n${label}, version ${version}\n`, createdBy: 'UALICE', createdAt: new Date() });
    }
    return number;
  }

  it('prints the latest version by number or key, and an older one with --version', async () => {
    const number = await closedTwice();
    expect(await runReportCommand(db, retro([`INC-${number}`]))).toBe(`# INC-${number}\n\nsecond close, version 2\n`);
    expect(await runReportCommand(db, retro([`inc-${number}`]))).toContain('version 2');
    expect(await runReportCommand(db, retro([String(number)], { version: '1' }))).toBe(`# INC-${number}\n\nfirst close, version 1\n`);
  });

  it('says clearly when the incident, its retrospective or the version does not exist', async () => {
    const number = await closedTwice();
    await expect(runReportCommand(db, retro(['INC-999']))).rejects.toThrow(new UsageError('There is no incident INC-999.'));
    await expect(runReportCommand(db, retro([String(number)], { version: '7' }))).rejects.toThrow(`INC-${number} has no retrospective version 7: versions 1 to 2 exist.`);

    const { number: open } = await db.insertInto('incidents').values(incidentRow()).returning('number').executeTakeFirstOrThrow();
    await expect(runReportCommand(db, retro([`INC-${open}`]))).rejects.toThrow(`INC-${open} has no retrospective yet: it is written when the incident is closed (\`/incident close\`).`);
    await expect(runReportCommand(db, retro([`INC-${open}`], { version: '1' }))).rejects.toThrow(`INC-${open} has no retrospective version 1: it has none yet; one is written when the incident is closed.`);
  });

  it('answers wrong words with the usage', async () => {
    await closedTwice();
    for (const report of [retro([]), retro(['INC-1', 'INC-2']), retro(['checkout']), retro(['1'], { version: '0' }), retro(['1'], { version: 'latest' }), retro(['1'], { json: true })]) {
      await expect(runReportCommand(db, report), JSON.stringify(report)).rejects.toThrow(new UsageError(USAGE));
    }
  });
});
