import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../src/incidents/types.js';
import type { TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { incidentRow } from '../db/migrated-database.js';
import { answerTo, startResponderApp } from './responder-support.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface Seed {
  severity: Severity;
  daysAgo: number;
  resolvedAfterMinutes?: number;
  firstUpdateAfterMinutes?: number;
}

// Known durations: in the last 7 days, SEV1 resolved in 10 and 20 minutes (first updates after 2
// and 4), SEV2 one still open; SEV3 resolved in 30 minutes 10 days ago (in 30 days, not in 7).
const SEEDS: Seed[] = [
  { severity: 'sev1', daysAgo: 1, resolvedAfterMinutes: 10, firstUpdateAfterMinutes: 2 },
  { severity: 'sev1', daysAgo: 2, resolvedAfterMinutes: 20, firstUpdateAfterMinutes: 4 },
  { severity: 'sev2', daysAgo: 3 },
  { severity: 'sev3', daysAgo: 10, resolvedAfterMinutes: 30 },
];

/** The monospace table of the ephemeral answer, one row per line. */
function tableOf(answer: { text: string; blocks?: any[] }): string {
  const section = answer.blocks?.find((b) => b.type === 'section')?.text.text as string;
  return section.split('```')[1]!.trim();
}

describe.each(DATABASE_KINDS)('/incident stats on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind);
    const now = Date.now();
    for (const seed of SEEDS) {
      const declaredAt = new Date(now - seed.daysAgo * DAY);
      const resolvedAt = seed.resolvedAfterMinutes === undefined ? null : new Date(declaredAt.getTime() + seed.resolvedAfterMinutes * MINUTE);
      const { number } = await app.sitrep.ctx.db
        .insertInto('incidents')
        .values(incidentRow({ severity: seed.severity, declared_at: declaredAt, resolved_at: resolvedAt, state: resolvedAt ? 'resolved' : 'investigating' }))
        .returning('number')
        .executeTakeFirstOrThrow();
      if (seed.firstUpdateAfterMinutes !== undefined) {
        const postedAt = new Date(declaredAt.getTime() + seed.firstUpdateAfterMinutes * MINUTE);
        await app.sitrep.ctx.db
          .insertInto('status_updates')
          .values({ incident_number: number, author_id: 'UCAROL', text: 'update', state: null, posted_at: postedAt, next_update_due_at: postedAt, message_ts: null, announcement_ts: null })
          .execute();
      }
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers `/incident stats 7` with count, resolved, median and p90 time to resolve and median first update per severity', async () => {
    const answer = await answerTo(app, 'stats 7', { channelId: 'C0GENERAL', userId: 'UBOB' });
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('*Incidents declared in the last 7 days*, by severity');
    const table = tableOf(answer);
    expect(table.split('\n')[0]).toMatch(/^Severity\s+Incidents\s+Resolved\s+Median TTR\s+p90 TTR\s+Median 1st update$/);
    expect(table).toMatch(/^SEV1\s+2\s+2\s+15m\s+19m\s+3m$/m);
    expect(table).toMatch(/^SEV2\s+1\s+0\s+—\s+—\s+—$/m);
    expect(table).toMatch(/^SEV3\s+0\s+0\s+—\s+—\s+—$/m);
    expect(table).toMatch(/^All\s+3\s+2\s+15m\s+19m\s+3m$/m);
  });

  it('looks back 30 days by default', async () => {
    const answer = await answerTo(app, 'stats', { channelId: 'C0GENERAL' });
    expect(answer.text).toContain('the last 30 days');
    const table = tableOf(answer);
    expect(table).toMatch(/^SEV3\s+1\s+1\s+30m\s+30m\s+—$/m);
    expect(table).toMatch(/^All\s+4\s+3\s+20m\s+28m\s+3m$/m);
  });

  it('answers days outside 1 to 365, or not a number, with the usage', async () => {
    for (const days of ['0', '366', 'abc', '7 days', '-3', '2.5']) {
      const answer = await answerTo(app, `stats ${days}`, { channelId: 'C0GENERAL' });
      expect(answer, days).toMatchObject({
        response_type: 'ephemeral',
        text: ':information_source: Usage: `/incident stats [days]`, days a whole number from 1 to 365 (default 30).',
      });
    }
    expect((await answerTo(app, 'stats 365', { channelId: 'C0GENERAL' })).text).toContain('the last 365 days');
    expect((await answerTo(app, 'stats 1', { channelId: 'C0GENERAL' })).text).toContain('the last 1 day*');
  });
});
