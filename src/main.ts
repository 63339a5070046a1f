import { type RetryOptions, WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { openDatabase, type SitrepDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { InFlight } from './in-flight.js';
import { createLogger, type Logger, slackLoggerFrom } from './logger.js';
import { scheduledJobs } from './scheduler/jobs.js';
import { startScheduler } from './scheduler/scheduler.js';
import { createSlackApp, retryPolicy } from './slack/app.js';
import { describeSlackError } from './slack/error-text.js';
import { registerListeners } from './slack/register.js';
import { type SlackContext, slackContext } from './slack/context.js';
import { createWebApiGateway, toSlackCallError } from './slack/web-api-gateway.js';
import { DECLARATION_STEPS_QUEUE } from './usecases/continue-declaration.js';
import { DECLARATION_RECORDS_QUEUE } from './usecases/declare-incident.js';
import { WorkQueue } from './work-queue.js';

/** A failure at start that the operator can fix; printed as one line, no stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface StartOptions {
  logger?: Logger;
  /** Overrides the Web API retry policy (tests make it fast). */
  retryConfig?: RetryOptions;
  now?: () => Date;
}

export interface RunningSitrep {
  port: number;
  ctx: SlackContext;
  database: SitrepDatabase;
  stop(): Promise<void>;
}

// Work still running at shutdown gets this long to finish.
const DRAIN_TIMEOUT_MS = 10_000;

/** Who the bot is, from Slack; a token Slack rejects stops the start with a clear message. */
async function whoAmI(config: Config, retryConfig: RetryOptions, logger: Logger) {
  const client = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig,
    logger: slackLoggerFrom(logger),
  });
  try {
    const auth = await client.auth.test();
    return {
      teamId: auth.team_id!,
      botUserId: auth.user_id!,
      botId: auth.bot_id ?? '',
      workspaceUrl: auth.url ?? 'https://slack.com/',
    };
  } catch (error) {
    const slackError = toSlackCallError('auth.test', error);
    throw new StartupError(`Slack did not accept SLACK_BOT_TOKEN: ${describeSlackError(slackError)}.`);
  }
}

/** Starts the whole service: database (migrated), Slack app, scheduler. */
export async function startSitrep(config: Config, options: StartOptions = {}): Promise<RunningSitrep> {
  const logger = options.logger ?? createLogger(config);
  const retryConfig = options.retryConfig ?? retryPolicy(config.slack.retries);
  const identity = await whoAmI(config, retryConfig, logger);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    const { applied } = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');

    const inFlight = new InFlight();
    const slackApp = createSlackApp({
      config,
      logger,
      identity,
      retryConfig,
      isHealthy: () => database.ping(),
    });
    const ctx = slackContext({
      db: database.db,
      slack: createWebApiGateway(slackApp.app.client),
      declarations: { records: new WorkQueue(DECLARATION_RECORDS_QUEUE), steps: new WorkQueue(DECLARATION_STEPS_QUEUE) },
      config,
      logger,
      now: options.now ?? (() => new Date()),
      botUserId: identity.botUserId,
      workspaceUrl: identity.workspaceUrl,
    });
    registerListeners(slackApp.app, ctx, inFlight);
    const port = await slackApp.start();
    const scheduler = startScheduler(scheduledJobs(ctx), inFlight, logger);
    logger.info({ port, mode: config.mode, database: database.kind }, 'sitrep started');

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await slackApp.stop();
        await scheduler.stop();
        await inFlight.drain(DRAIN_TIMEOUT_MS);
        await database.close();
        logger.info('sitrep stopped');
      })();
      return stopping;
    };
    return { port, ctx, database, stop };
  } catch (error) {
    await database.close();
    throw error;
  }
}
