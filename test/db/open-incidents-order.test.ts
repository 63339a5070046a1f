import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { listOpenIncidents } from '../../src/db/incident-store.js';
import { findNudgeCandidates } from '../../src/db/nudge-store.js';
import { recordRoleAssignment } from '../../src/db/role-store.js';
import { IncidentPolicy } from '../../src/incidents/policy.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { emptyIncidents, incidentRow, migratedDatabase } from './migrated-database.js';

const MINUTE = 60_000;
const declaredAt = new Date('2026-11-21T12:00:00Z');

// The policy's order is not the ids' text order, so sorting by text would fail these tests.
const policy = new IncidentPolicy({
  severities: [
    { id: 'minor', label: 'Minor', updateEveryMs: 10 * MINUTE, major: true },
    { id: 'critical', label: 'Critical', updateEveryMs: 20 * MINUTE, major: false },
    { id: 'low', label: 'Low', updateEveryMs: 60 * MINUTE, major: false },
  ],
  defaultSeverity: 'low',
  roles: [
    { id: 'lead', title: 'Lead' },
    { id: 'scribe', title: 'Scribe', nudged: true },
  ],
});

describe.each(DATABASE_KINDS)("an organisation's own severities and roles in the store on %s", (kind) => {
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
    await database?.close();
  });

  const open = async (severity: string, title: string) =>
    (await db.insertInto('incidents').values(incidentRow({ severity, title, channel_id: `C${title}`, last_update_at: declaredAt })).returning('number').executeTakeFirstOrThrow()).number;

  it('lists open incidents by the policy order, ids it no longer has last', async () => {
    await open('low', 'low');
    await open('gone', 'gone');
    await open('critical', 'critical');
    await open('minor', 'minor');
    expect((await listOpenIncidents(db, policy)).map((i) => i.severity)).toEqual(['minor', 'critical', 'low', 'gone']);
  });

  it('finds overdue incidents by each severity cadence, with every current role holder', async () => {
    const fast = await open('minor', 'fast');
    await open('low', 'slow');
    await recordRoleAssignment(db, fast, { role: 'scribe', userId: 'USCRIBE', previousUserId: null, assignedBy: 'UALICE', assignedAt: declaredAt });
    await recordRoleAssignment(db, fast, { role: 'lead', userId: 'ULEAD', previousUserId: null, assignedBy: 'UALICE', assignedAt: declaredAt });
    // Both are overdue from the start; a nudge 15 minutes ago leaves the 10-minute one owed another, not the 60-minute one.
    await db
      .insertInto('nudges')
      .values((await db.selectFrom('incidents').select('number').execute()).map(({ number }) => ({
        incident_number: number,
        due_at: declaredAt,
        streak: 1,
        claimed_by: 'test',
        claimed_at: declaredAt,
        sent_at: declaredAt,
      })))
      .execute();
    // Each incident's next nudge, as the claim of that nudge stored it: a window of its severity later.
    for (const { number, severity } of await db.selectFrom('incidents').select(['number', 'severity']).execute()) {
      await db.updateTable('incidents').set({ next_nudge_at: new Date(declaredAt.getTime() + policy.updateEveryMs(severity)) }).where('number', '=', number).execute();
    }
    const candidates = await findNudgeCandidates(db, new Date(declaredAt.getTime() + 15 * MINUTE), { limit: 10 });
    expect(candidates.map((c) => [c.severity, c.roles])).toEqual([['minor', { lead: 'ULEAD', scribe: 'USCRIBE' }]]);
  });
});
