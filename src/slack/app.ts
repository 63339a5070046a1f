import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { answerWith, HTTP_METHODS, type Route } from '../http/route.js';
import { portOf, startRouteServer } from '../http/server.js';
import { type Logger, slackLoggerFrom } from '../logger.js';
import { workspaceGuard } from './middleware/workspace-guard.js';
import { ObservedWebClient, type SlackCallObserver } from './observed-client.js';

// Slack's own payloads are a few kilobytes; anything near this is not from Slack.
export const BODY_LIMIT_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 8 * BODY_LIMIT_BYTES;

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  /** From auth.test at start: Bolt then needs no call of its own. */
  identity: { teamId: string; botUserId: string; botId: string };
  retryConfig: RetryOptions;
  /** Our HTTP endpoints (src/http/routes.ts), served in either mode. */
  routes: readonly Route[];
  /** Told of every Web API call `app.client` makes. */
  observeSlackCall?: SlackCallObserver;
}

export interface SlackApp {
  app: App;
  /** Starts serving; resolves with the HTTP port (HTTP mode: Slack's endpoint and our routes; Socket Mode: our routes). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/** Our default: a few quick retries, then the caller reports or reschedules. Never Bolt's 30 minutes. */
export function retryPolicy(retries: number): RetryOptions {
  return { retries, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true };
}

/**
 * The Web API client's own behaviour: no blind retry (SlackCallPolicy retries only what is safe to
 * send twice), a 429 thrown to the caller instead of pausing the one queue every method shares,
 * no queue bound of its own (the policy bounds ordinary calls and lets forms past), and a timeout
 * on every request.
 */
export function webClientOptions(config: Config) {
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    maxRequestConcurrency: Number.POSITIVE_INFINITY,
    timeout: config.slack.timeoutMs,
  };
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger, identity } = options;
  const slackLogger = slackLoggerFrom(logger);
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.slack.appToken!,
          logger: slackLogger,
          installerOptions: {
            // The socket client asks the Web API for its WebSocket URL: same base URL and retries as ours.
            clientOptions: { ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}), retryConfig: options.retryConfig, timeout: config.slack.timeoutMs },
          },
        })
      : new HTTPReceiver({
          signingSecret: config.slack.signingSecret!,
          endpoints: '/slack/events',
          logger: slackLogger,
          customRoutes: customRoutesFrom(options.routes, logger),
          bodyLimit: BODY_LIMIT_BYTES,
          // Commands are acked at once and their work runs after the answer is sent.
          processBeforeResponse: false,
        });

  const app = new App({
    token: config.slack.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    logger: slackLogger,
    // We keep no conversation state in Bolt; its store costs an Error object per event.
    convoStore: false,
    clientOptions: webClientOptions(config),
  });

  if (options.observeSlackCall) {
    // Bolt has no option for its client; ours is built with the very options Bolt gave its own.
    app.client = new ObservedWebClient(config.slack.botToken, app.webClientOptions, options.observeSlackCall);
  }
  app.use(workspaceGuard(identity.teamId, logger));
  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    logger.error({ err: original }, 'listener failed');
  });

  let routeServer: Server | undefined;
  return {
    app,
    async start() {
      if (config.mode === 'socket') {
        routeServer = await startRouteServer(config.port, options.routes, logger);
        await app.start();
        return portOf(routeServer);
      }
      const server = (await app.start(config.port)) as Server;
      // A response sent before its request was read to the end (a 413) leaves unread bytes on a
      // kept-alive connection, and the next request on it would hang: read them off and drop them,
      // as Node does for bodies nobody read, but cut off a sender that goes on and on.
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        res.once('finish', () => {
          if (req.complete) return;
          let drained = 0;
          req.on('data', (chunk: Buffer) => {
            drained += chunk.length;
            if (drained > DRAIN_LIMIT_BYTES) req.socket.destroy();
          });
          req.resume();
        });
      });
      return portOf(server);
    },
    async stop() {
      await app.stop();
      if (routeServer) await new Promise((resolve) => routeServer!.close(resolve));
    },
  };
}

/** Our routes as Bolt custom routes, every method registered so that a wrong one gets our 405, not a 404. */
function customRoutesFrom(routes: readonly Route[], logger: Logger): CustomRoute[] {
  return routes.map((route) => ({
    path: route.path,
    method: [...HTTP_METHODS],
    handler: (req, res) => void answerWith(route, req, res, logger),
  }));
}
