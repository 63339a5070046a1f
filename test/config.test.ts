import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../src/config.js';

const MINIMAL = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'secret' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('settings', () => {
  it('applies every default from the product contract', () => {
    const config = loadConfig(MINIMAL);
    expect(config).toMatchObject({
      mode: 'http',
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      incidentsChannel: undefined,
      channelPrefix: 'inc',
      defaultSeverity: 'sev3',
      staleAfterMs: [15 * 60_000, 30 * 60_000, 3_600_000, 4 * 3_600_000],
      reminderCron: '* * * * *',
      timezone: 'UTC',
      logLevel: 'info',
      logFormat: 'json',
    });
    expect(config.slack.apiUrl).toBeUndefined();
  });

  it('reads durations in seconds, minutes and hours', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2 H')).toBe(7_200_000);
    expect(parseDuration('15')).toBeUndefined();
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('-5m')).toBeUndefined();
    expect(loadConfig({ ...MINIMAL, STALE_AFTER_SEV1: '2s' }).staleAfterMs[0]).toBe(2_000);
  });

  it('names every bad or missing setting in one report', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      STALE_AFTER_SEV2: 'soon',
      DEFAULT_SEVERITY: 'sev9',
      REMINDER_CRON: 'every minute',
      TIMEZONE: 'Mars/Olympus',
      INCIDENTS_CHANNEL: '#incidents',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'PORT',
        'STALE_AFTER_SEV2',
        'DEFAULT_SEVERITY',
        'REMINDER_CRON',
        'TIMEZONE',
        'INCIDENTS_CHANNEL',
      ]),
    );
    expect(problems.find((p) => p.startsWith('STALE_AFTER_SEV2'))).toContain('"soon" is not a duration');
  });

  it('needs the signing secret in HTTP mode but not in Socket Mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET: required in HTTP mode/);
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-1-abc' });
    expect(socket.mode).toBe('socket');
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-wrong' })[0]).toMatch(/^SLACK_APP_TOKEN: must be an app-level token/);
  });

  it('treats empty values as unset and accepts a seconds field in the cron', () => {
    const config = loadConfig({ ...MINIMAL, PORT: '', REMINDER_CRON: '*/5 * * * * *', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(config.port).toBe(3000);
    expect(config.reminderCron).toBe('*/5 * * * * *');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  it('refuses a bot token of the wrong kind', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' })).toEqual([
      'SLACK_BOT_TOKEN: must be a bot token starting with xoxb-',
    ]);
  });
});
