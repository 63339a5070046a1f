// Stopping Sitrep (SIGTERM in the container) lets work already acknowledged finish first.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from './support/app-harness.js';
import type { TestDatabase } from './support/databases.js';

describe('stopping', () => {
  let app: TestApp | undefined;
  let restarted: TestApp | undefined;
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await restarted?.stop();
    await app?.stop();
    await database?.drop();
  });

  it('waits for a declaration under way to tell the declarer before closing the database; what it still owes runs at the next start, once', async () => {
    // On disk, so the next start finds what this one stored.
    const dataDir = await mkdtemp(join(tmpdir(), 'sitrep-stop-'));
    database = { kind: 'pglite', databaseUrl: undefined, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
    app = await startTestApp('pglite', { database });
    app.fake.delayNext('conversations.create', 500);
    const general = app.fake.addChannel({ name: 'general' });

    const ack = await app.slack.command('declare sev2 Payments down', { userId: 'UALICE', channelId: general.id });
    expect(ack.status).toBe(200);
    await app.fake.waitFor('conversations.create');
    await app.sitrep.stop();

    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
    expect(told.some((text) => text.includes('is declared'))).toBe(true);
    const channel = app.fake.callsTo('conversations.create')[0]!.response.channel.id as string;
    expect(told.some((text) => text.includes(`<#${channel}>`))).toBe(true);

    // The invite, topic, card and announcement were stored as owed with the channel: done now if not before.
    restarted = await startTestApp('pglite', { database, fake: app.fake });
    await eventually(() => app!.fake.callsTo('pins.add').some((c) => c.args.channel === channel && c.response?.ok), 10_000, 'the card pinned');
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.response?.ok)).toHaveLength(1);
    expect(app.fake.getChannel(channel)!.topic.value).toContain('SEV2');
  });
});
