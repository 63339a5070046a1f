import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { commandIn, declare, incidentRow, roleRows, topicMatching } from './responder-support.js';

describe.each(DATABASE_KINDS)('the process file (sitrep.yaml) on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { SITREP_CONFIG: 'sitrep.example.yaml' } });
    for (const [id, name] of [['UALICE', 'alice'], ['UBOB', 'bob']]) app.fake.addUser({ id: id!, name: name! });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("takes the file's severities in a quick declare, with their labels and cadence", async () => {
    const incident = await declare(app, 'declare critical Checkout down');
    const row = await incidentRow(app, incident.number);
    expect(row.severity).toBe('critical');
    expect(row.next_update_due_at.getTime() - row.declared_at.getTime()).toBe(15 * 60_000);
    expect(await topicMatching(app, incident, /^CRITICAL/)).toBe('CRITICAL · investigating · IC <@UALICE>');
    const plain = await declare(app, 'declare Search is slow');
    expect((await incidentRow(app, plain.number)).severity).toBe('minor');
  });

  it("assigns the file's own roles by id", async () => {
    const incident = await declare(app, 'declare major Queue backlog');
    await commandIn(app, incident, 'role scribe <@UBOB|bob>');
    await expect.poll(async () => (await roleRows(app, incident.number)).map((r) => [r.role, r.user_id])).toEqual([
      ['commander', 'UALICE'],
      ['scribe', 'UBOB'],
    ]);
  });
});

describe('starting with a process that drops what open incidents use', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = DATABASE_KINDS.includes('postgres')
      ? await freshDatabase('postgres')
      : { kind: 'pglite', databaseUrl: undefined, dataDir: mkdtempSync(join(tmpdir(), 'sitrep-process-')), drop: async () => {} };
  });
  afterAll(async () => {
    await database.drop();
  });

  it('refuses to start, naming the incidents, and starts again once the file keeps their ids', { timeout: 90_000 }, async () => {
    const first = await startTestApp(database.kind, { database, env: { SITREP_CONFIG: 'sitrep.example.yaml' } });
    first.fake.addUser({ id: 'UBOB', name: 'bob' });
    const incident = await declare(first, 'declare critical Payments down');
    await commandIn(first, incident, 'role scribe <@UBOB|bob>');
    await expect.poll(async () => (await roleRows(first, incident.number)).length).toBe(2);
    await first.stop();

    // The built-in process has neither the critical severity nor the scribe role.
    await expect(startTestApp(database.kind, { database })).rejects.toThrow(
      `The incident process no longer has severities or roles that open incidents use; keep them until those incidents are resolved:\n  - INC-${incident.number} uses severity critical, role scribe`,
    );

    const dir = mkdtempSync(join(tmpdir(), 'sitrep-process-'));
    const file = join(dir, 'sitrep.yaml');
    writeFileSync(file, 'severities: [{ id: critical, update_every: 5m }]\nroles: [{ id: commander, title: IC }, { id: scribe, title: Scribe }]\n');
    const again = await startTestApp(database.kind, { database, env: { SITREP_CONFIG: file } });
    await again.stop();
  });
});
