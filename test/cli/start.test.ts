import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/app-harness.js';
import { CLI_TEST_TIMEOUT, runSitrep, spawnSitrep, startedPort } from '../support/cli-process.js';
import { FakeSlack } from '../support/fake-slack.js';

describe('sitrep start and migrate as processes', { timeout: CLI_TEST_TIMEOUT }, () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('exits 1 with one message naming every bad setting, and no stack trace', async () => {
    const result = await runSitrep(['start'], { PORT: 'eighty', STALE_AFTER_SEV1: 'soon', DATA_DIR: mkdtempSync(join(tmpdir(), 'sitrep-')) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Sitrep cannot start');
    expect(result.stderr).toContain('SLACK_BOT_TOKEN: required');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET: required in HTTP mode');
    expect(result.stderr).toContain('PORT:');
    expect(result.stderr).toContain('STALE_AFTER_SEV1: "soon" is not a duration');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with a clear message when Slack rejects the bot token', async () => {
    const result = await runSitrep(['start'], {
      SLACK_BOT_TOKEN: 'xoxb-revoked-token',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_API_RETRIES: '0',
      PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sitrep-')),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Slack did not accept SLACK_BOT_TOKEN: Slack rejected the bot token.');
    expect(result.stderr + result.stdout).not.toContain('xoxb-revoked-token');
  });

  it('serves on the embedded database, keeps a second process off its data directory, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-'));
    const env = {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      // A free port of its own, read back from the start log line.
      PORT: '0',
      DATA_DIR: dataDir,
    };
    const server = spawnSitrep(['start'], env);
    try {
      const port = await startedPort(server);
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 30_000, 'the service to be healthy');
      expect(existsSync(join(dataDir, 'sitrep.lock'))).toBe(true);

      const second = await runSitrep(['migrate'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`The embedded database in ${dataDir} is already open in another Sitrep process (pid ${server.pid})`);

      server.kill('SIGTERM');
      const code = await new Promise((resolve) => server.once('exit', (c) => resolve(c)));
      expect(code).toBe(0);
      expect(existsSync(join(dataDir, 'sitrep.lock'))).toBe(false);
      expect(server.output().stdout).toContain('"msg":"sitrep stopped"');

      // With the first process gone, the data directory is free, and the schema is already there.
      const migrate = await runSitrep(['migrate'], env);
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toContain('Database schema is up to date.');
    } finally {
      server.kill('SIGKILL');
    }
  }, 2 * CLI_TEST_TIMEOUT);
});
