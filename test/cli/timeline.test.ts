import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { insertIncident, updateIncident } from '../../src/db/incident-store.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { appendSystemEntry, setKeyEvent, writeMessageStates } from '../../src/db/timeline-store.js';
import { permalinkOf } from '../../src/slack/inbound/slack-ts.js';
import { createLogger } from '../../src/logger.js';
import { CLI_TEST_TIMEOUT, runSitrep } from '../support/cli-process.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { migratedDataDir } from '../support/pglite-snapshot.js';

const CHANNEL = 'C0INC1';
const at = (hhmm: string) => new Date(`2026-11-21T${hhmm}:00Z`);
const tsAt = (hhmm: string, micros = '000100') => `${at(hhmm).getTime() / 1000}.${micros}`;

function message(hhmm: string, authorId: string, authorName: string, text: string, more: { threadTs?: string; files?: { name: string }[] } = {}) {
  const ts = tsAt(hhmm);
  return {
    channelId: CHANNEL,
    messageTs: ts,
    threadTs: more.threadTs ?? null,
    authorId,
    authorName,
    text,
    files: more.files ?? [],
    permalink: permalinkOf('https://acme.slack.com/', CHANNEL, ts, more.threadTs ?? null),
    occurredAt: at(hhmm),
    editedAt: null as Date | null,
    versionTs: ts,
  };
}

/** One incident with a declared entry, messages, a reply, an edit, a deletion, a key event and a file share. */
async function seed(env: Record<string, string>): Promise<void> {
  const logger = createLogger({ databaseUrl: env.DATABASE_URL, logLevel: 'silent', logFormat: 'json' });
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? 'memory://', logger });
  try {
    const db = database.db;
    await migrateToLatest(db);
    const incident = (await insertIncident(db, {
      title: 'Checkout is down',
      description: '',
      severity: 'sev2',
      private: false,
      declarerId: 'UALICE',
      requestKey: null,
      declaredAt: at('14:00'),
      nextUpdateDueAt: at('15:00'),
    }))!;
    await updateIncident(db, incident.number, { channelId: CHANNEL, channelName: 'inc-1-checkout-is-down', declareStep: 'announced' });
    await appendSystemEntry(db, incident.number, { kind: 'declared', authorId: 'UALICE', text: 'Declared INC-1: Checkout is down (sev2)', occurredAt: at('14:00') });
    const first = message('14:05', 'UALICE', 'alice', 'Error rate at 40% on <@UBOB>\'s checkout-api &amp; cart');
    const reply = message('14:07', 'UBOB', 'bob', 'rolling back', { threadTs: first.messageTs });
    const graphs = message('14:06', 'UBOB', 'bob', 'graphs', { files: [{ name: 'latency.png' }] });
    const secret = message('14:08', 'UALICE', 'alice', 'the password is hunter2');
    const state = (content: typeof first | undefined, messageTs: string, deletedAt: Date | null = null) =>
      ({ incidentNumber: incident.number, channelId: CHANNEL, messageTs, content, deletedAt });
    await writeMessageStates(db, [first, reply, graphs, secret].map((m) => state(m, m.messageTs)));
    await writeMessageStates(db, [state({ ...reply, text: 'rolling back deploy 1234', editedAt: at('14:09'), versionTs: tsAt('14:09') }, reply.messageTs)]);
    await writeMessageStates(db, [state(undefined, secret.messageTs, at('14:10'))]);
    await setKeyEvent(db, CHANNEL, reply.messageTs, true);
  } finally {
    await database.close();
  }
}

describe.each(DATABASE_KINDS)('sitrep timeline on %s', (kind) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await freshDatabase(kind, { migrated: true });
    env = database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATA_DIR: await migratedDataDir('sitrep-timeline-') };
    await seed(env);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('prints one line per entry, replies under their thread, key events pinned, edits marked, deletions left out', async () => {
    const result = await runSitrep(['timeline', 'INC-1'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'INC-1 Checkout is down (sev2, investigating)',
        '2026-11-21 14:00 UTC  @alice  [declared] Declared INC-1: Checkout is down (sev2)',
        "2026-11-21 14:05 UTC  @alice  Error rate at 40% on @bob's checkout-api & cart",
        '    2026-11-21 14:07 UTC  @bob  📌 rolling back deploy 1234 (edited)',
        '2026-11-21 14:06 UTC  @bob  graphs [files: latency.png]',
        '',
      ].join('\n'),
    );
  });

  it('prints the entries as JSON with --json, in time order', async () => {
    const result = await runSitrep(['timeline', '1', '--json'], { ...env, TIMEZONE: 'Europe/Paris' });
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout);
    expect(entries.map((e: { text: string }) => e.text)).toEqual([
      'Declared INC-1: Checkout is down (sev2)',
      "Error rate at 40% on <@UBOB>'s checkout-api &amp; cart",
      'graphs',
      'rolling back deploy 1234',
    ]);
    expect(entries[3]).toMatchObject({
      kind: 'message',
      occurredAt: '2026-11-21T14:07:00.000Z',
      authorId: 'UBOB',
      authorName: 'bob',
      threadTs: tsAt('14:05'),
      permalink: `https://acme.slack.com/archives/${CHANNEL}/p${tsAt('14:07').replace('.', '')}?thread_ts=${tsAt('14:05')}&cid=${CHANNEL}`,
      keyEvent: true,
      editedAt: '2026-11-21T14:09:00.000Z',
    });
    expect(entries[2].files).toEqual([{ name: 'latency.png' }]);
  });

  it('says so, and exits 1, for an unknown incident or a missing one', async () => {
    const unknown = await runSitrep(['timeline', 'INC-99'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no incident INC-99.');
    const missing = await runSitrep(['timeline'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Usage: sitrep timeline <incident> [--json]');
  });
}, CLI_TEST_TIMEOUT);
