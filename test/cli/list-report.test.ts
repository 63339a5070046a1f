import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { insertIncident, updateIncident } from '../../src/db/incident-store.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { recordRoleAssignment } from '../../src/db/role-store.js';
import { createLogger } from '../../src/logger.js';
import { CLI_TEST_TIMEOUT, runSitrep } from '../support/cli-process.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import { migratedDataDir } from '../support/pglite-snapshot.js';

const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('sitrep list on %s', (kind) => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase(kind, { migrated: true });
    // The CLI is another process: the embedded database must live on disk.
    const dataDir = database.databaseUrl ? mkdtempSync(join(tmpdir(), 'sitrep-list-')) : await migratedDataDir('sitrep-list-');
    env = database.databaseUrl ? { DATABASE_URL: database.databaseUrl, DATA_DIR: dataDir } : { DATA_DIR: dataDir };
    const logger = createLogger({ databaseUrl: database.databaseUrl, logLevel: 'silent', logFormat: 'json' }, new LogCapture());
    const opened = await openDatabase({ databaseUrl: database.databaseUrl, dataDir, logger });
    try {
      await migrateToLatest(opened.db);
      const now = Date.now();
      const declare = async (title: string, severity: 'sev1' | 'sev2' | 'sev3', minutesAgo: number, extra: { private?: boolean; state?: 'resolved' | 'identified' } = {}) => {
        const declaredAt = new Date(now - minutesAgo * MINUTE);
        const incident = (await insertIncident(opened.db, {
          title,
          description: '',
          severity,
          private: extra.private ?? false,
          declarerId: 'UALICE',
          requestKey: title,
          declaredAt,
          nextUpdateDueAt: new Date(declaredAt.getTime() + 30 * MINUTE),
        }))!;
        await updateIncident(opened.db, incident.number, {
          channelId: `C0${incident.number}`,
          channelName: `inc-${incident.number}-${title.toLowerCase().replaceAll(' ', '-')}`,
          declareStep: 'announced',
          ...(extra.state ? { state: extra.state } : {}),
        });
        return incident.number;
      };
      await declare('Slow search', 'sev3', 10);
      const worst = await declare('Checkout failing', 'sev1', 50, { state: 'identified' });
      await recordRoleAssignment(opened.db, worst, { role: 'commander', userId: 'UCAROL', previousUserId: 'UALICE', assignedBy: 'UALICE', assignedAt: new Date() });
      await recordRoleAssignment(opened.db, worst, { role: 'comms', userId: 'UBOB', previousUserId: null, assignedBy: 'UALICE', assignedAt: new Date() });
      await declare('Customer data exposure', 'sev2', 5, { private: true });
      await declare('Login flaky', 'sev2', 90, { state: 'resolved' });
    } finally {
      await opened.close();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('prints open incidents most severe first, with commander, channel and update status', async () => {
    const result = await runSitrep(['list'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^INC-2 {4}SEV1 identified {4}Checkout failing \| IC UCAROL \| #inc-2-checkout-failing \| declared \d{4}-\d\d-\d\d \d\d:\d\d UTC \(5\dm ago\) \| next update overdue by 2\dm$/);
    expect(lines[1]).toMatch(/^INC-3 {4}SEV2 investigating Customer data exposure \(private\) \| IC UALICE \| #inc-3-customer-data-exposure .* \| next update due \d{4}-/);
    expect(lines[2]).toMatch(/^INC-1 {4}SEV3 investigating Slow search/);
    expect(result.stdout).not.toContain('Login flaky');
  });

  it('prints the same incidents as JSON with --json', async () => {
    const result = await runSitrep(['list', '--json'], env);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout);
    expect(listed.map((i: { key: string }) => i.key)).toEqual(['INC-2', 'INC-3', 'INC-1']);
    expect(listed[0]).toMatchObject({
      number: 2,
      title: 'Checkout failing',
      severity: 'sev1',
      state: 'identified',
      private: false,
      roles: { commander: 'UCAROL', comms: 'UBOB' },
      channelId: 'C02',
      channelName: 'inc-2-checkout-failing',
    });
    expect(new Date(listed[0].nextUpdateDueAt).getTime()).toBe(new Date(listed[0].declaredAt).getTime() + 30 * MINUTE);
  });

  it('answers extra words with its usage', async () => {
    const result = await runSitrep(['list', 'INC-2'], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Usage: sitrep list [--json]');
  });
}, CLI_TEST_TIMEOUT);
