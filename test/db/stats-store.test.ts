import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { incidentStats } from '../../src/db/stats-store.js';
import type { Severity } from '../../src/incidents/types.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { emptyIncidents, incidentRow, migratedDatabase } from './migrated-database.js';

const now = new Date('2026-11-21T12:00:00Z');
const minutes = (n: number) => n * 60_000;
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

interface Seed {
  severity: Severity;
  declaredAt: Date;
  /** Minutes from declared to resolved; undefined = still open. */
  resolvedAfter?: number;
  /** Minutes from declared of each status update. */
  updatesAfter?: number[];
  abandoned?: boolean;
}

async function seed(db: Db, incidents: Seed[]): Promise<void> {
  for (const incident of incidents) {
    const { number } = await db
      .insertInto('incidents')
      .values(
        incidentRow({
          severity: incident.severity,
          declared_at: incident.declaredAt,
          resolved_at: incident.resolvedAfter === undefined ? null : new Date(incident.declaredAt.getTime() + minutes(incident.resolvedAfter)),
          state: incident.resolvedAfter === undefined ? 'investigating' : 'resolved',
          declare_abandoned_at: incident.abandoned ? incident.declaredAt : null,
        }),
      )
      .returning('number')
      .executeTakeFirstOrThrow();
    for (const after of incident.updatesAfter ?? []) {
      const postedAt = new Date(incident.declaredAt.getTime() + minutes(after));
      await db
        .insertInto('status_updates')
        .values({ incident_number: number, author_id: 'UCAROL', text: 'update', state: null, posted_at: postedAt, next_update_due_at: postedAt, message_ts: null, announcement_ts: null })
        .execute();
    }
  }
}

const SEEDS: Seed[] = [
  // sev1: time to resolve 10…50 minutes, first updates after 2, 4 and 6 minutes (the first has two).
  { severity: 'sev1', declaredAt: daysAgo(1), resolvedAfter: 10, updatesAfter: [8, 2] },
  { severity: 'sev1', declaredAt: daysAgo(2), resolvedAfter: 20, updatesAfter: [4] },
  { severity: 'sev1', declaredAt: daysAgo(3), resolvedAfter: 30, updatesAfter: [6] },
  { severity: 'sev1', declaredAt: daysAgo(4), resolvedAfter: 40 },
  { severity: 'sev1', declaredAt: daysAgo(5), resolvedAfter: 50 },
  // sev2: one resolved in an hour, one still open; no updates.
  { severity: 'sev2', declaredAt: daysAgo(6), resolvedAfter: 60 },
  { severity: 'sev2', declaredAt: daysAgo(0.5) },
  // sev3: an abandoned declaration and one declared before the window: neither counts.
  { severity: 'sev3', declaredAt: daysAgo(1), abandoned: true },
  { severity: 'sev3', declaredAt: daysAgo(31), resolvedAfter: 5 },
  // sev4: within 30 days but not within 7.
  { severity: 'sev4', declaredAt: daysAgo(29), resolvedAfter: 120, updatesAfter: [1] },
];

describe.each(DATABASE_KINDS)('incident stats on %s', (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;

  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  beforeEach(async () => {
    await emptyIncidents(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('gives count, median and p90 time to resolve and median time to first update per severity', async () => {
    await seed(database.db, SEEDS);
    const stats = await incidentStats(database.db, { days: 30, now });

    expect(Object.keys(stats.bySeverity).sort()).toEqual(['sev1', 'sev2', 'sev4']);
    const sev1 = stats.bySeverity.sev1!;
    expect(sev1.count).toBe(5);
    expect(sev1.resolved).toBe(5);
    expect(sev1.medianTimeToResolveMs).toBeCloseTo(minutes(30), 0);
    // percentile_cont interpolates: 40 + 0.6 × (50 − 40).
    expect(sev1.p90TimeToResolveMs).toBeCloseTo(minutes(46), 0);
    expect(sev1.medianTimeToFirstUpdateMs).toBeCloseTo(minutes(4), 0);

    expect(stats.bySeverity.sev2).toEqual({
      count: 2,
      resolved: 1,
      medianTimeToResolveMs: minutes(60),
      p90TimeToResolveMs: minutes(60),
      medianTimeToFirstUpdateMs: null,
      medianTimeToAcknowledgeMs: null,
    });
    expect(stats.bySeverity.sev4).toMatchObject({ count: 1, resolved: 1, medianTimeToResolveMs: minutes(120), medianTimeToFirstUpdateMs: minutes(1) });
  });

  it('totals every severity in the same query', async () => {
    await seed(database.db, SEEDS);
    const { total } = await incidentStats(database.db, { days: 30, now });
    expect(total.count).toBe(8);
    expect(total.resolved).toBe(7);
    // Resolved in 10, 20, 30, 40, 50, 60, 120 minutes.
    expect(total.medianTimeToResolveMs).toBeCloseTo(minutes(40), 0);
    expect(total.p90TimeToResolveMs).toBeCloseTo(minutes(84), 0);
    // First updates after 1, 2, 4, 6 minutes.
    expect(total.medianTimeToFirstUpdateMs).toBeCloseTo(minutes(3), 0);
  });

  it('counts only incidents declared within the last N days', async () => {
    await seed(database.db, SEEDS);
    const stats = await incidentStats(database.db, { days: 7, now });
    expect(stats.days).toBe(7);
    expect(Object.keys(stats.bySeverity).sort()).toEqual(['sev1', 'sev2']);
    expect(stats.total.count).toBe(7);
  });

  it('over no incidents, counts are zero and times are unknown', async () => {
    const stats = await incidentStats(database.db, { days: 30, now });
    expect(stats.bySeverity).toEqual({});
    expect(stats.total).toEqual({ count: 0, resolved: 0, medianTimeToResolveMs: null, p90TimeToResolveMs: null, medianTimeToFirstUpdateMs: null, medianTimeToAcknowledgeMs: null });
  });
});
