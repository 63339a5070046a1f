import { type RetryOptions, WebClient } from '@slack/web-api';
import { Registry } from 'prom-client';
import type { Config } from './config.js';
import { type Db, openDatabase, type SitrepDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { countOpenIncidents } from './db/open-incident-counts.js';
import { httpRoutes } from './http/routes.js';
import { BoundedCache } from './bounded-cache.js';
import { pagerDutyHookRoute } from './http/pagerduty-hook.js';
import { recordPageEvent } from './usecases/record-page-event.js';
import { InFlight } from './in-flight.js';
import type { IncidentPolicy } from './incidents/policy.js';
import { incidentsUsingUnknownIds } from './db/process-use-store.js';
import { loadIncidentProcess } from './process/incident-process.js';
import { alertDeclareEffectHandler, alertEffectHandlers, reportAlertEffectGivenUp } from './slack/alert-effect-handlers.js';
import type { ProcessFile } from './process/process-schema.js';
import { type AlertIngestDeps, ingestAlertNotification } from './usecases/ingest-alert-notification.js';
import { trackerEffectHandlers } from './integrations/trackers/effect-handlers.js';
import { trackerFrom } from './integrations/trackers/tracker-from.js';
import { githubRef } from './integrations/trackers/github.js';
import { trackerIssueChanged } from './usecases/followups.js';
import { createLogger, type Logger, slackLoggerFrom } from './logger.js';
import { pendingEffectsSummary } from './db/effect-store.js';
import { createMetrics } from './metrics.js';
import { reportGaveUpInChannel, slackIncidentEffectHandlers } from './slack/effect-handlers.js';
import { scheduledJobs } from './scheduler/jobs.js';
import { startScheduler } from './scheduler/scheduler.js';
import { createSlackApp, retryPolicy } from './slack/app.js';
import { createTimelineRuntime } from './timeline-runtime.js';
import { describeSlackError } from './slack/error-text.js';
import { followupEffectHandlers, reportTrackerGivenUp } from './slack/followup-effects.js';
import { registerListeners } from './slack/register.js';
import { CallSlots } from './slack/transport/call-slots.js';
import { SlackCallPolicy } from './slack/transport/call-policy.js';
import { MethodGates } from './slack/transport/method-gates.js';
import { type SlackContext, slackContext } from './slack/context.js';
import { createWebApiGateway, toSlackCallError } from './slack/web-api-gateway.js';
import { DECLARATION_STEPS_QUEUE } from './usecases/continue-declaration.js';
import { DECLARATION_RECORDS_QUEUE } from './usecases/declare-incident.js';
import { WorkQueue } from './work-queue.js';
import type { SlackUser } from './usecases/slack-gateway.js';
import { EffectDispatcher, type EffectHandler } from './effects/effect-dispatcher.js';
import { processEffectHandlers, reportProcessEffectGivenUp } from './slack/process-effect-handlers.js';
import { processSlackCalls } from './slack/process-slack-calls.js';
import { createPagingRuntime } from './paging/create-paging-runtime.js';
import { pagingEffectHandlers } from './paging/effect-handlers.js';
import { type GaveUpReporter, reportGivenUpEffect } from './slack/effect-gave-up.js';
import { effectScopedSlack } from './slack/effect-scoped-slack.js';
import { InsightRowsCache } from './usecases/insight-rows-cache.js';
import { MembershipCache } from './usecases/membership-cache.js';
import { peopleNames } from './usecases/people-names.js';
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
  /** Wait before an effect's next try (tests make it short). */
  effectBackoffMs?: (attempts: number) => number;
  /** The incident process; default: the file SITREP_CONFIG names (or ./sitrep.yaml), else today's from the settings. */
  policy?: IncidentPolicy;
  /** The whole process file (types, rules, alerts, paging, follow-ups); default: loaded with the policy. */
  process?: ProcessFile;
}

export interface RunningSitrep {
  port: number;
  ctx: SlackContext;
  database: SitrepDatabase;
  /** Settles when the jobs that run once at start (reconciliation, resuming declarations) have finished. */
  startRuns: Promise<void>;
  stop(): Promise<void>;
}

// How long a person's list of private rooms is trusted when deciding which private incidents they see (web and Slack lists).
const MEMBERSHIP_CACHE_MS = 60_000;
const INSIGHT_ROWS_CACHE_MS = 15_000;

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
    const loaded = options.policy && options.process ? undefined : loadIncidentProcess(config);
    const policy = options.policy ?? loaded!.policy;
    const processFile = options.process ?? loaded!.process;
    await refuseProcessThatDropsIdsInUse(database.db, policy);
    // This process's own registry: no prom-client global, so every started app counts on its own.
    const registry = new Registry();
    const now = options.now ?? (() => new Date());
    const metrics = createMetrics(registry, {
      openIncidents: () => countOpenIncidents(database.db),
      pendingSideEffects: () => pendingEffectsSummary(database.db, now()),
      severityIds: policy.severityIds,
      logger,
    });
    // Alerts in: stored at once, the Slack side owed through the effect queue.
    const alertIngest: AlertIngestDeps = {
      db: database.db,
      policy,
      alerts: processFile.alerts,
      triageChannel: processFile.alerts?.triage_channel ?? config.incidentsChannel,
      now,
    };
    // Who may see a private incident, on the web and in Slack's lists: asked of the workspace, kept a minute.
    // ctx is built below; membership is asked only when a list or page is read, after the start.
    const membership = new MembershipCache((userId) => ctx.workspace.privateRoomsOf(userId), new BoundedCache({ maxEntries: 10_000, ttlMs: MEMBERSHIP_CACHE_MS, now }));
    // --- Web pages and API (src/web/)
    const read: ReadContext = {
      db: database.db,
      policy,
      now,
      membership,
      // Through the workspace's people cache (users.info, kept ten minutes).
      names: peopleNames((userId) => ctx.workspace.person(userId)),
      // Charts by week and month may lag a few seconds; readers opening them together read once.
      insightRows: new InsightRowsCache(INSIGHT_ROWS_CACHE_MS, now),
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
      routes: httpRoutes({
        isHealthy: () => database.ping(),
        registry,
        web,
        // Webhooks act through the context, built below; they are served only once it exists.
        hooks: [
          pagerDutyHookRoute(config.paging.pagerduty.webhookSecret, async (e) => {
            await recordPageEvent(ctx, { kind: e.kind, providerId: e.incidentId, dedupKey: e.incidentKey, by: e.by, at: e.at });
          }),
        ],
        alerts: {
          settings: config.alertWebhooks,
          now,
          logger,
          ingest: (notification) => ingestAlertNotification(alertIngest, notification),
          observe: metrics.alertNotification,
        },
        githubWebhookSecret: config.githubWebhookSecret,
        onIssueStateChange: async (change) => {
          await trackerIssueChanged(ctx, githubRef(change.repo, change.number), change.state === 'closed');
        },
      }),
      observeSlackCall: metrics.slackCall,
    });
    // Who is a person, a bot or deactivated: asked again after ten minutes, so a changed answer is seen.
    const people = new BoundedCache<Promise<SlackUser>>({ maxEntries: 10_000, ttlMs: 10 * 60_000, now });
    const callPolicy = slackCallPolicy(config, retryConfig);
    const slack = createWebApiGateway(slackApp.app.client, callPolicy, people);

    // ---- The durable effect queue: what stored changes owe Slack (and pagers, trackers), each run once.
    const effectDeps = { db: database.db, slack, config, logger, workspaceUrl: identity.workspaceUrl, policy, types: processFile.types, botUserId: identity.botUserId };
    // Handlers of the parts that need the context (the process's rules, …) join once it exists.
    const paging = createPagingRuntime(config, now);
    const incidentHandlers = slackIncidentEffectHandlers(effectDeps);
    const tracker = trackerFrom(processFile.followups);
    const effectHandlers: Record<string, EffectHandler> = {
      ...incidentHandlers,
      ...alertEffectHandlers({ db: database.db, slack, policy, logger }),
      ...followupEffectHandlers({ db: database.db, slack, timezone: config.timezone, now, logger }),
      ...trackerEffectHandlers({ db: database.db, tracker, workspaceUrl: identity.workspaceUrl, now }),
      ...pagingEffectHandlers({ db: database.db, process: processFile, policy, pagers: paging.pagers, now, workspaceUrl: identity.workspaceUrl, metrics }),
    };
    // Each part reports the effects of its own kinds that were given up, in the incident channel.
    const reportIncidentEffect = reportGaveUpInChannel(effectDeps);
    const gaveUpReporters: GaveUpReporter[] = [
      async (effect, error, scoped) => (effect.kind in incidentHandlers ? reportIncidentEffect(effect, error, scoped) : undefined),
      reportGivenUpEffect({ db: database.db, now, metrics }),
      reportTrackerGivenUp({ db: database.db, trackerName: tracker?.name, now }),
      reportAlertEffectGivenUp({ db: database.db, policy, logger, now }),
    ];
    const effects = new EffectDispatcher({
      db: database.db,
      logger,
      now,
      handlers: effectHandlers,
      concurrency: 8,
      leaseMs: 120_000,
      pollMs: 1_000,
      maxAttempts: 6,
      ...(options.effectBackoffMs ? { backoffMs: options.effectBackoffMs } : {}),
      // A report is an effect of its own: its posts are scoped to it, so a retry never posts twice.
      onGaveUp: async (effect, error, report) => {
        const scoped = effectScopedSlack(slack, report, logger);
        for (const reporter of gaveUpReporters) await reporter(effect, error, scoped);
      },
    });
    // ---- end of the effect queue block
    const ctx = slackContext({
      db: database.db,
      slack,
      declarations: { records: new WorkQueue(DECLARATION_RECORDS_QUEUE), steps: new WorkQueue(DECLARATION_STEPS_QUEUE) },
      config,
      policy,
      process: processFile,
      effects,
      logger,
      now,
      botUserId: identity.botUserId,
      workspaceUrl: identity.workspaceUrl,
      metrics,
      // The timeline's runtime objects: message writer, caches, gap tracker, paced history reader.
      timeline: createTimelineRuntime(database.db, slack, identity, now),
      paging,
      membership,
    });
    // The process file's types and rules: invites, notices, bookmarks, the checklist message.
    Object.assign(effectHandlers, processEffectHandlers({ ctx, calls: processSlackCalls(slackApp.app.client, callPolicy) }));
    // A route's `declare: true` runs the declaration, which needs the whole context.
    Object.assign(effectHandlers, alertDeclareEffectHandler(ctx));
    gaveUpReporters.push(reportProcessEffectGivenUp(ctx));
    registerListeners(slackApp.app, ctx, inFlight);
    const port = await slackApp.start();
    alertIngest.poke = () => effects.poke();
    effects.start();
    const scheduler = startScheduler(scheduledJobs(ctx), inFlight, logger);
    logger.info({ port, mode: config.mode, database: database.kind }, 'sitrep started');

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await slackApp.stop();
        await effects.stop();
        await scheduler.stop();
        await inFlight.drain(DRAIN_TIMEOUT_MS);
        await effects.stop();
        await database.close();
        logger.info('sitrep stopped');
      })();
      return stopping;
    };
    return { port, ctx, database, startRuns: scheduler.startRuns, stop };
  } catch (error) {
    await database.close();
    throw error;
  }
}
