import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { LogCapture } from './support/log-capture.js';

const BOT_TOKEN = 'xoxb-1111-2222-SECRETBOTTOKEN';
const SIGNING_SECRET = 'signing-secret-9f8e7d';
const APP_TOKEN = 'xapp-1-A111-2222-SECRETAPPTOKEN';
const DB_PASSWORD = 'pg-pass-word!';

function loggerWithCapture() {
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: APP_TOKEN,
    DATABASE_URL: `postgres://sitrep:${encodeURIComponent(DB_PASSWORD)}@db.internal:5432/sitrep`,
    LOG_LEVEL: 'trace',
  });
  const capture = new LogCapture();
  return { logger: createLogger(config, capture), capture };
}

describe('logger', () => {
  it('never writes a token, secret or database password, whatever the level or shape', () => {
    const { logger, capture } = loggerWithCapture();
    logger.trace({ token: BOT_TOKEN }, 'payload with a token field');
    logger.debug({ headers: { authorization: `Bearer ${BOT_TOKEN}`, 'x-slack-signature': 'v0=abc' } }, 'request');
    logger.info(`connecting with ${BOT_TOKEN} and ${APP_TOKEN}`);
    logger.warn({ url: `postgres://sitrep:${encodeURIComponent(DB_PASSWORD)}@db.internal:5432/sitrep` }, 'database url');
    logger.error({ err: new Error(`signature check used ${SIGNING_SECRET}`) }, 'failure');
    logger.fatal({ nested: { deeper: { value: `token=${BOT_TOKEN}` } } }, 'nested');
    logger.info({ other: 'xoxb-9999-someone-elses-token' }, 'a token we did not issue');

    expect(capture.lines).toHaveLength(7);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, DB_PASSWORD, encodeURIComponent(DB_PASSWORD), 'someone-elses-token', 'v0=abc']) {
      expect(capture.text).not.toContain(secret);
    }
    expect(capture.text).toContain('[REDACTED]');
    // The lines stay JSON, so log pipelines keep parsing them.
    for (const line of capture.lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(capture.lines[3]!).url).toBe('postgres://sitrep:[REDACTED]@db.internal:5432/sitrep');
  });
});
