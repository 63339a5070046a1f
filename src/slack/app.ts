import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { type Logger, slackLoggerFrom } from '../logger.js';
import { portOf, startHealthServer, writeHealth } from './health-server.js';
import { workspaceGuard } from './middleware/workspace-guard.js';

// Slack's own payloads are a few kilobytes; anything near this is not from Slack.
export const BODY_LIMIT_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 8 * BODY_LIMIT_BYTES;

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  /** From auth.test at start: Bolt then needs no call of its own. */
  identity: { teamId: string; botUserId: string; botId: string };
  retryConfig: RetryOptions;
  isHealthy: () => Promise<boolean>;
}

export interface SlackApp {
  app: App;
  /** Starts serving; resolves with the HTTP port (HTTP mode: Slack's endpoint and /healthz; Socket Mode: /healthz). */
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
  const healthz: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      void options.isHealthy().then((healthy) => writeHealth(res, healthy));
    },
  };

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
          customRoutes: [healthz],
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

  app.use(workspaceGuard(identity.teamId, logger));
  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    logger.error({ err: original }, 'listener failed');
  });

  let healthServer: Server | undefined;
  return {
    app,
    async start() {
      if (config.mode === 'socket') {
        healthServer = await startHealthServer(config.port, options.isHealthy);
        await app.start();
        return portOf(healthServer);
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
      if (healthServer) await new Promise((resolve) => healthServer!.close(resolve));
    },
  };
}
