import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

// Slack tokens have a recognisable shape, so they are scrubbed even when they are not ours.
const SLACK_TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s"]+:)([^@/?#\s"]+)@/gi;

/** Secrets from the config that must never reach a log line. */
export function secretsOf(config: { slack?: Config['slack']; databaseUrl: string | undefined; web?: Config['web']; api?: Config['api'] }): string[] {
  const secrets = [config.slack?.botToken, config.slack?.signingSecret, config.slack?.appToken, config.web?.clientSecret, ...(config.api?.tokens ?? [])];
  if (config.databaseUrl && URL.canParse(config.databaseUrl)) {
    const password = new URL(config.databaseUrl).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

/** Removes every known secret and anything shaped like a token or a URL password from one line. */
export function scrub(line: string, secrets: readonly string[]): string {
  let out = line.replace(SLACK_TOKEN, '$1-[REDACTED]').replace(URL_PASSWORD, '$1[REDACTED]@');
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join('[REDACTED]');
  }
  return out;
}

export function createLogger(
  config: Pick<Config, 'databaseUrl' | 'logLevel' | 'logFormat'> & { slack?: Config['slack'] },
  destination?: DestinationStream,
): Logger {
  const secrets = secretsOf(config);
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'sitrep' },
    // Field names that carry secrets in Slack payloads, HTTP headers and pg configs.
    redact: {
      paths: [
        'token',
        '*.token',
        '*.*.token',
        'password',
        '*.password',
        'headers.authorization',
        '*.headers.authorization',
        'headers["x-slack-signature"]',
        '*.headers["x-slack-signature"]',
      ],
      censor: '[REDACTED]',
    },
    // The last line of defence: whatever a message or error contains, secrets are cut out.
    hooks: { streamWrite: (line) => scrub(line, secrets) },
  };
  if (destination) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(options);
}

const PINO_TO_SLACK: Record<string, LogLevel> = {
  fatal: LogLevel.ERROR,
  error: LogLevel.ERROR,
  warn: LogLevel.WARN,
  info: LogLevel.INFO,
  debug: LogLevel.DEBUG,
  trace: LogLevel.DEBUG,
  silent: LogLevel.ERROR,
};

/** Bolt and the Web API client log through our pino logger, so they are scrubbed too. */
export function slackLoggerFrom(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  const join = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child.debug(join(msg)),
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => child.error(join(msg)),
    setLevel: () => {},
    getLevel: () => PINO_TO_SLACK[logger.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}
