import { type RetryOptions, WebClient } from '@slack/web-api';
import { Registry } from 'prom-client';
import type { Config } from './config.js';
import { type Db, openDatabase, type SitrepDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { countOpenIncidents } from './db/open-incident-counts.js';
import { httpRoutes } from './http/routes.js';
import { InFlight } from './in-flight.js';
import type { IncidentPolicy } from './incidents/policy.js';
import { incidentsUsingUnknownIds } from './db/process-use-store.js';
import { loadIncidentProcess } from './process/incident-process.js';
import { createLogger, type Logger, slackLoggerFrom } from './logger.js';
import { createMetrics } from './metrics.js';
import { scheduledJobs } from './scheduler/jobs.js';
import { startScheduler } from './scheduler/scheduler.js';
import { createSlackApp, retryPolicy } from './slack/app.js';
import { createTimelineRuntime } from './timeline-runtime.js';
import { describeSlackError } from './slack/error-text.js';
import { registerListeners } from './slack/register.js';
import { CallSlots } from './slack/transport/call-slots.js';
import { SlackCallPolicy } from './slack/transport/call-policy.js';
import { MethodGates } from './slack/transport/method-gates.js';
import { type SlackContext, slackContext } from './slack/context.js';
import { createWebApiGateway, toSlackCallError } from './slack/web-api-gateway.js';
import { DECLARATION_STEPS_QUEUE } from './usecases/continue-declaration.js';
import { DECLARATION_RECORDS_QUEUE } from './usecases/declare-incident.js';
import { WorkQueue } from './work-queue.js';
import { MembershipCache } from './usecases/membership-cache.js';
import type { ReadContext } from './usecases/incident-reader.js';
import { apiRoutes } from './web/api-routes.js';
import { webRoutes } from './web/web-routes.js';

/** A failure at start that the operator can fix; printed as one line, no stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface StartOptions {
  logger?: Logger;
  /** Overrides the Web API retry policy (tests make it fast). */
  retryConfig?: RetryOptions;
  now?: () => Date;
  /** Starts an in-memory embedded database from these files (tests: a migrated snapshot). */
  pgliteSnapshot?: Blob;
  /** The incident process; default: the file SITREP_CONFIG names (or ./sitrep.yaml), else today's from the settings. */
  policy?: IncidentPolicy;
}

export interface RunningSitrep {
  port: number;
  ctx: SlackContext;
  database: SitrepDatabase;
  stop(): Promise<void>;
}

// How long a room's member list is trusted when deciding who sees a private incident on the web.
const MEMBERSHIP_CACHE_MS = 60_000;

// Work still running at shutdown gets this long to finish.
const DRAIN_TIMEOUT_MS = 10_000;

/** Who the bot is, from Slack; a token Slack rejects stops the start with a clear message. */
async function whoAmI(config: Config, retryConfig: RetryOptions, logger: Logger) {
  const client = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig,
    timeout: config.slack.timeoutMs,
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

// Ordinary Web API calls in flight at once (forms are not counted: they never wait).
const SLACK_CALLS_IN_FLIGHT = 50;

/** One rate-limit gate per Web API method and one bound on calls in flight, shared by every caller. */
function slackCallPolicy(config: Config, retry: RetryOptions): SlackCallPolicy {
  return new SlackCallPolicy({
    gates: new MethodGates(),
    slots: new CallSlots(SLACK_CALLS_IN_FLIGHT),
    retry,
    maxGateWaitMs: config.slack.timeoutMs,
  });
}

/**
 * A severity or role that an open incident uses cannot leave the process: the start stops and names
 * those incidents, so nobody is left holding a role Sitrep no longer knows.
 */
async function refuseProcessThatDropsIdsInUse(db: Db, policy: IncidentPolicy): Promise<void> {
  const using = await incidentsUsingUnknownIds(db, policy.severityIds, policy.roleIds);
  if (using.length === 0) return;
  const lines = using.map((i) => {
    const what = [...(i.severity ? [`severity ${i.severity}`] : []), ...i.roles.map((r) => `role ${r}`)].join(', ');
    return `  - INC-${i.number} uses ${what}`;
  });
  throw new StartupError(`The incident process no longer has severities or roles that open incidents use; keep them until those incidents are resolved:\n${lines.join('\n')}`);
}

/** Starts the whole service: database (migrated), Slack app, scheduler. */
export async function startSitrep(config: Config, options: StartOptions = {}): Promise<RunningSitrep> {
  const logger = options.logger ?? createLogger(config);
  const retryConfig = options.retryConfig ?? retryPolicy(config.slack.retries);
  const identity = await whoAmI(config, retryConfig, logger);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, pgliteSnapshot: options.pgliteSnapshot });
  try {
    const { applied } = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');

    const inFlight = new InFlight();
    const policy = options.policy ?? loadIncidentProcess(config).policy;
    await refuseProcessThatDropsIdsInUse(database.db, policy);
    // This process's own registry: no prom-client global, so every started app counts on its own.
    const registry = new Registry();
    const metrics = createMetrics(registry, { openIncidents: () => countOpenIncidents(database.db), severityIds: policy.severityIds, logger });
    const now = options.now ?? (() => new Date());
    // --- Web pages and API (src/web/): who may see a private incident is asked of the workspace, kept a minute.
    const read: ReadContext = {
      db: database.db,
      policy,
      now,
      // ctx is built below; membership is asked only when a page is served, after the start.
      membership: new MembershipCache((room) => ctx.workspace.members(room), MEMBERSHIP_CACHE_MS, now),
    };
    const web = [
      ...(config.web
        ? webRoutes({ read, logger, signIn: { db: database.db, web: config.web, apiUrl: config.slack.apiUrl ?? 'https://slack.com/api/', teamId: identity.teamId, now } })
        : []),
      ...apiRoutes({ read, tokens: config.api.tokens, includePrivate: config.api.includePrivate }),
    ];
    // --- end web
    const slackApp = createSlackApp({
      config,
      logger,
      identity,
      retryConfig,
      routes: httpRoutes({ isHealthy: () => database.ping(), registry, web }),
      observeSlackCall: metrics.slackCall,
    });
    const slack = createWebApiGateway(slackApp.app.client, slackCallPolicy(config, retryConfig));
    const ctx = slackContext({
      db: database.db,
      slack,
      declarations: { records: new WorkQueue(DECLARATION_RECORDS_QUEUE), steps: new WorkQueue(DECLARATION_STEPS_QUEUE) },
      config,
      policy,
      logger,
      now,
      botUserId: identity.botUserId,
      workspaceUrl: identity.workspaceUrl,
      metrics,
      // The timeline's runtime objects: message writer, caches, gap tracker, paced history reader.
      timeline: createTimelineRuntime(database.db, slack, identity, now),
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
