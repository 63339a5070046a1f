import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { BUILT_IN_DEFAULT_SEVERITY, BUILT_IN_SEVERITIES, type PolicySettings } from './incidents/policy.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `90s`, `15m`, `1h` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd';
  const ms = Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  return ms > 0 ? Math.round(ms) : undefined;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// An empty value in the environment or a .env file means "not set", so defaults apply.
const optionalText = () =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

const duration = (fallback: string) =>
  optionalText()
    .transform((v, ctx) => {
      const ms = parseDuration(v ?? fallback);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration like 90s, 15m or 1h` });
        return z.NEVER;
      }
      return ms;
    })
    .describe(`time without a status update before a nudge (default ${fallback}; units s, m, h)`);

/** A base URL such as https://api.pagerduty.com, without a trailing slash. */
const httpUrl = (fallback: string) =>
  optionalText()
    .refine((v) => v === undefined || (URL.canParse(v) && /^https?:/.test(v)), 'must be an http(s) URL')
    .transform((v) => (v ?? fallback).replace(/\/+$/, ''));

const settingsShape = z.object({
    SLACK_BOT_TOKEN: z
      .preprocess(
        (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
        z.string({ error: 'required (the bot token, xoxb-…)' }).trim(),
      )
      .refine((v) => v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-')
      .describe('bot token, xoxb-…'),
    SLACK_SIGNING_SECRET: optionalText().describe('verifies every request from Slack; required in HTTP mode'),
    SLACK_APP_TOKEN: optionalText()
      .refine((v) => v === undefined || v.startsWith('xapp-'), 'must be an app-level token starting with xapp-')
      .describe('xapp-…; when set, Sitrep connects with Socket Mode'),
    SLACK_API_URL: optionalText()
      .refine((v) => v === undefined || URL.canParse(v), 'must be a URL such as https://slack.com/api/')
      .transform((v) => (v === undefined ? undefined : v.endsWith('/') ? v : `${v}/`))
      .describe("base URL of the Slack Web API (default Slack's)"),
    SLACK_API_RETRIES: optionalText()
      .transform((v) => Number(v ?? '3'))
      .pipe(z.number().int().min(0).max(10))
      .describe('retries of a failed Slack Web API call before Sitrep reports or reschedules it (default 3)'),
    SLACK_API_TIMEOUT: duration('10s').describe(
      'longest Sitrep waits for one Slack Web API answer, or for a rate-limited method to open again (default 10s; units s, m, h)',
    ),
    ALERT_WEBHOOK_TOKEN: optionalText().describe(
      'enables POST /hooks/alertmanager, /hooks/grafana and /hooks/generic: senders give it as a bearer token or as the basic auth password',
    ),
    ALERT_WEBHOOK_HMAC_SECRET: optionalText().describe('lets Grafana sign instead (X-Grafana-Alerting-Signature, HMAC-SHA256)'),
    PORT: optionalText()
      .transform((v) => Number(v ?? '3000'))
      .pipe(z.number().int().min(0).max(65535))
      .describe('HTTP port (default 3000)'),
    DATABASE_URL: optionalText()
      .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL')
      .describe('Postgres URL; unset = embedded database in DATA_DIR'),
    DATA_DIR: optionalText()
      .transform((v) => v ?? './data')
      .describe('where the embedded database lives (default ./data)'),
    INCIDENTS_CHANNEL: optionalText()
      .refine((v) => v === undefined || /^[CG][A-Z0-9]{2,}$/.test(v), 'must be a channel ID such as C0123456789')
      .describe('channel ID where declarations, major updates and resolutions are announced'),
    CHANNEL_PREFIX: optionalText()
      .transform((v) => v ?? 'inc')
      .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,19}$/, 'must be 1-20 lowercase letters, digits or hyphens'))
      .describe('incident channels are <prefix>-<number>-<slug> (default inc)'),
    DEFAULT_SEVERITY: optionalText()
      .transform((v) => (v ?? BUILT_IN_DEFAULT_SEVERITY).toLowerCase())
      .refine((v) => BUILT_IN_SEVERITIES.some((s) => s.id === v), `must be one of ${BUILT_IN_SEVERITIES.map((s) => s.id).join(', ')}`)
      .describe('severity when a quick declare names none (default sev3)'),
    SITREP_CONFIG: optionalText().describe('the process file (sitrep.yaml): severities, roles, types, rules (default ./sitrep.yaml when present)'),
    STALE_AFTER_SEV1: duration('15m'),
    STALE_AFTER_SEV2: duration('30m'),
    STALE_AFTER_SEV3: duration('1h'),
    STALE_AFTER_SEV4: duration('4h'),
    REMINDER_CRON: optionalText()
      .transform((v) => v ?? '* * * * *')
      .refine((v) => isValidCron(v), 'must be a cron expression such as "* * * * *" (a seconds field is allowed)')
      .describe('how often stale incidents are looked for (default every minute)'),
    RECONCILE_CRON: optionalText()
      .transform((v) => v ?? '*/5 * * * *')
      .refine((v) => isValidCron(v), 'must be a cron expression such as "*/5 * * * *" (a seconds field is allowed)')
      .describe("how often open incidents' channels are checked against Slack's history for missed messages (default every 5 minutes)"),
    GITHUB_WEBHOOK_SECRET: optionalText().describe('secret of the GitHub webhook to POST /hooks/github (issues events): closing an issue marks its follow-up done'),
    FOLLOWUP_REMINDER_CRON: optionalText()
      .transform((v) => v ?? '0 9 * * 1-5')
      .refine((v) => isValidCron(v), 'must be a cron expression such as "0 9 * * 1-5"')
      .describe('when owners of overdue follow-ups get their one reminder, in TIMEZONE (default 0 9 * * 1-5: weekdays at 09:00)'),
    RETRO_DUE_AFTER: duration('5d').describe(
      'an incident resolved this long ago and still not closed reminds its commander once a day (default 5d; units s, m, h, d)',
    ),
    TIMEZONE: optionalText()
      .transform((v) => v ?? 'UTC')
      .refine(isValidTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris')
      .describe('zone for times shown in messages and retrospectives (default UTC)'),
    PAGERDUTY_API_TOKEN: optionalText().describe('PagerDuty REST API key: targets with a service, and who is on call'),
    PAGERDUTY_FROM: optionalText()
      .refine((v) => v === undefined || /^[^@\s]+@[^@\s]+$/.test(v), 'must be the email of a PagerDuty user')
      .describe('email of the PagerDuty user REST writes are made as (the From header)'),
    PAGERDUTY_API_URL: httpUrl('https://api.pagerduty.com').describe('PagerDuty REST API base URL (default https://api.pagerduty.com)'),
    PAGERDUTY_EVENTS_URL: httpUrl('https://events.pagerduty.com').describe('PagerDuty Events API v2 base URL (default https://events.pagerduty.com)'),
    PAGERDUTY_WEBHOOK_SECRET: optionalText().describe('checks X-PagerDuty-Signature on POST /hooks/pagerduty (v3 webhooks); unset: the hook answers 404'),
    OPSGENIE_API_KEY: optionalText().describe('Opsgenie API key (an API integration with create and update access)'),
    OPSGENIE_API_URL: httpUrl('https://api.opsgenie.com').describe('Opsgenie API base URL; https://api.eu.opsgenie.com for the EU instance'),
    LOG_LEVEL: optionalText()
      .transform((v) => (v ?? 'info').toLowerCase())
      .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }))
      .describe('pino log level (default info)'),
    LOG_FORMAT: optionalText()
      .transform((v) => (v ?? 'json').toLowerCase())
      .pipe(z.enum(['json', 'pretty'], { message: 'must be json or pretty' }))
      .describe('json (default) or pretty for reading logs in a terminal'),
    PUBLIC_URL: optionalText()
      .refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http(s) URL such as https://sitrep.example.com')
      .transform((v) => v?.replace(/\/+$/, ''))
      .describe('where people reach the web pages, e.g. https://sitrep.example.com; with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET it turns the web pages on'),
    SLACK_CLIENT_ID: optionalText().describe("the Slack app's client id, for Sign in with Slack on the web pages"),
    SLACK_CLIENT_SECRET: optionalText().describe("the Slack app's client secret, for Sign in with Slack on the web pages"),
    SLACK_OAUTH_URL: optionalText()
      .refine((v) => v === undefined || URL.canParse(v), 'must be a URL such as https://slack.com')
      .transform((v) => (v ?? 'https://slack.com').replace(/\/+$/, ''))
      .describe('where the browser is sent to sign in with Slack (default https://slack.com)'),
    API_TOKENS: optionalText()
      .transform((v) => (v ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''))
      .describe('comma-separated bearer tokens accepted by the JSON API under /api/v1 (none: the API answers 401)'),
    API_INCLUDE_PRIVATE: optionalText()
      .transform((v) => (v ?? 'false').toLowerCase())
      .pipe(z.enum(['true', 'false'], { message: 'must be true or false' }))
      .transform((v) => v === 'true')
      .describe('true: the JSON API lists private incidents too (default false)'),
});

/** Every setting's name, for the README check and the secret redaction list. */
export const SETTING_NAMES = Object.keys(settingsShape.shape) as (keyof typeof settingsShape.shape)[];
export const settingDescriptions: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(settingsShape.shape).map(([name, field]) => [name, field.description]),
);

export interface Config {
  mode: 'http' | 'socket';
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
    retries: number;
    /** Per Web API request, and the longest wait at a rate-limited method's gate. */
    timeoutMs: number;
  };
  port: number;
  /** Alerts in: unset token = the alert endpoints answer 404. */
  alertWebhooks: { token: string | undefined; hmacSecret: string | undefined };
  databaseUrl: string | undefined;
  dataDir: string;
  incidentsChannel: string | undefined;
  channelPrefix: string;
  /** DEFAULT_SEVERITY; the incident policy (src/incidents/policy.ts) is built from it. */
  defaultSeverity: PolicySettings['defaultSeverity'];
  /** STALE_AFTER_SEV1…4 in order; the incident policy's update cadences. */
  staleAfterMs: PolicySettings['staleAfterMs'];
  /** SITREP_CONFIG: the process file named by the operator, if any. */
  processFile: string | undefined;
  reminderCron: string;
  reconcileCron: string;
  followupReminderCron: string;
  githubWebhookSecret: string | undefined;
  retroDueAfterMs: number;
  timezone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: 'json' | 'pretty';
  paging: PagingSettings;
  /** The web pages, on only when PUBLIC_URL, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are all set. */
  web: WebConfig | undefined;
  /** The JSON API under /api/v1. */
  api: { tokens: string[]; includePrivate: boolean };
}

/** How Sitrep reaches PagerDuty and Opsgenie (the targets themselves are in sitrep.yaml). */
export interface PagingSettings {
  pagerduty: { apiToken: string | undefined; from: string | undefined; apiUrl: string; eventsUrl: string; webhookSecret: string | undefined };
  opsgenie: { apiKey: string | undefined; apiUrl: string };
}

export interface WebConfig {
  /** Without a trailing slash. */
  publicUrl: string;
  clientId: string;
  clientSecret: string;
  /** Without a trailing slash. */
  oauthUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Sitrep cannot start, the settings have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a typed config; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = settingsShape.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
  // Checked beside the schema so it is reported together with every other problem.
  if (!env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const s = parsed.data;
  return {
    mode: s.SLACK_APP_TOKEN ? 'socket' : 'http',
    slack: {
      botToken: s.SLACK_BOT_TOKEN,
      signingSecret: s.SLACK_SIGNING_SECRET,
      appToken: s.SLACK_APP_TOKEN,
      apiUrl: s.SLACK_API_URL,
      retries: s.SLACK_API_RETRIES,
      timeoutMs: s.SLACK_API_TIMEOUT,
    },
    port: s.PORT,
    alertWebhooks: { token: s.ALERT_WEBHOOK_TOKEN, hmacSecret: s.ALERT_WEBHOOK_HMAC_SECRET },
    databaseUrl: s.DATABASE_URL,
    dataDir: s.DATA_DIR,
    incidentsChannel: s.INCIDENTS_CHANNEL,
    channelPrefix: s.CHANNEL_PREFIX,
    defaultSeverity: s.DEFAULT_SEVERITY,
    staleAfterMs: [s.STALE_AFTER_SEV1, s.STALE_AFTER_SEV2, s.STALE_AFTER_SEV3, s.STALE_AFTER_SEV4],
    processFile: s.SITREP_CONFIG,
    reminderCron: s.REMINDER_CRON,
    reconcileCron: s.RECONCILE_CRON,
    followupReminderCron: s.FOLLOWUP_REMINDER_CRON,
    githubWebhookSecret: s.GITHUB_WEBHOOK_SECRET,
    retroDueAfterMs: s.RETRO_DUE_AFTER,
    timezone: s.TIMEZONE,
    logLevel: s.LOG_LEVEL,
    logFormat: s.LOG_FORMAT,
    paging: {
      pagerduty: {
        apiToken: s.PAGERDUTY_API_TOKEN,
        from: s.PAGERDUTY_FROM,
        apiUrl: s.PAGERDUTY_API_URL,
        eventsUrl: s.PAGERDUTY_EVENTS_URL,
        webhookSecret: s.PAGERDUTY_WEBHOOK_SECRET,
      },
      opsgenie: { apiKey: s.OPSGENIE_API_KEY, apiUrl: s.OPSGENIE_API_URL },
    },
    web:
      s.PUBLIC_URL && s.SLACK_CLIENT_ID && s.SLACK_CLIENT_SECRET
        ? { publicUrl: s.PUBLIC_URL, clientId: s.SLACK_CLIENT_ID, clientSecret: s.SLACK_CLIENT_SECRET, oauthUrl: s.SLACK_OAUTH_URL }
        : undefined,
    api: { tokens: s.API_TOKENS, includePrivate: s.API_INCLUDE_PRIVATE },
  };
}

/** The settings the database-only CLI commands (migrate, list, timeline, retro) need: no Slack tokens; the process for labels and order. */
export type StorageConfig = Pick<Config, 'databaseUrl' | 'dataDir' | 'timezone' | 'logLevel' | 'logFormat' | 'defaultSeverity' | 'staleAfterMs' | 'processFile'>;

const storageSchema = settingsShape.pick({
  DATABASE_URL: true,
  DATA_DIR: true,
  TIMEZONE: true,
  LOG_LEVEL: true,
  LOG_FORMAT: true,
  DEFAULT_SEVERITY: true,
  STALE_AFTER_SEV1: true,
  STALE_AFTER_SEV2: true,
  STALE_AFTER_SEV3: true,
  STALE_AFTER_SEV4: true,
  SITREP_CONFIG: true,
});

export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const parsed = storageSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const s = parsed.data;
  return {
    databaseUrl: s.DATABASE_URL,
    dataDir: s.DATA_DIR,
    timezone: s.TIMEZONE,
    logLevel: s.LOG_LEVEL,
    logFormat: s.LOG_FORMAT,
    defaultSeverity: s.DEFAULT_SEVERITY,
    staleAfterMs: [s.STALE_AFTER_SEV1, s.STALE_AFTER_SEV2, s.STALE_AFTER_SEV3, s.STALE_AFTER_SEV4],
    processFile: s.SITREP_CONFIG,
  };
}
