import type { RetryOptions } from '@slack/web-api';
import { loadConfig } from '../../src/config.js';
import type { IncidentPolicy } from '../../src/incidents/policy.js';
import { createLogger } from '../../src/logger.js';
import { type RunningSitrep, startSitrep } from '../../src/main.js';
import { type DatabaseKind, freshDatabase, type TestDatabase } from './databases.js';
import { FakeSlack } from './fake-slack.js';
import { LogCapture } from './log-capture.js';
import { pgliteSnapshot } from './pglite-snapshot.js';
import { SlackSender } from './slack-requests.js';

export const TEST_BOT_TOKEN = 'xoxb-test-token';
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';

// Fast enough for tests, still exercising the client's real retry path.
export const FAST_RETRIES: RetryOptions = { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 20, randomize: false };

export interface TestApp {
  sitrep: RunningSitrep;
  fake: FakeSlack;
  slack: SlackSender;
  database: TestDatabase;
  logs: LogCapture;
  baseUrl: string;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share one fake Slack (and its state) between apps, e.g. replicas. */
  fake?: FakeSlack;
  /** Reuse a database (replicas, restarts); it is then not dropped by stop(). */
  database?: TestDatabase;
  retryConfig?: RetryOptions;
  /** An organisation's own process instead of today's. */
  policy?: IncidentPolicy;
  /** Wait before an effect's next try (default: the app's backoff). */
  effectBackoffMs?: (attempts: number) => number;
}

/** Starts the real app in this process against a fake Slack and a fresh database. */
export async function startTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await FakeSlack.start());
  const database = options.database ?? (await freshDatabase(kind, { migrated: true }));
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATA_DIR: database.dataDir,
    LOG_LEVEL: 'debug',
    // The periodic reconciliation would add history calls to whatever a test is counting; tests run it themselves.
    RECONCILE_CRON: '0 0 1 1 *',
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const logs = new LogCapture();
  const logger = createLogger(config, logs);
  const snapshot = database.dataDir === 'memory://' && !database.databaseUrl ? await pgliteSnapshot() : undefined;
  const sitrep = await startSitrep(config, { logger, retryConfig: options.retryConfig ?? FAST_RETRIES, ...(snapshot ? { pgliteSnapshot: snapshot } : {}), ...(options.policy ? { policy: options.policy } : {}), ...(options.effectBackoffMs ? { effectBackoffMs: options.effectBackoffMs } : {}) });
  const baseUrl = `http://127.0.0.1:${sitrep.port}`;
  const slack = new SlackSender({ appUrl: `${baseUrl}/slack/events`, signingSecret: TEST_SIGNING_SECRET, fake });
  return {
    sitrep,
    fake,
    slack,
    database,
    logs,
    baseUrl,
    async stop() {
      await sitrep.stop();
      if (!options.fake) await fake.close();
      if (!options.database) await database.drop();
    },
  };
}

/**
 * Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. The default leaves
 * room for a loaded CI machine; a wait that is met returns at once.
 */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
