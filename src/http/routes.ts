import type { Registry } from 'prom-client';
import { healthzRoute } from './healthz.js';
import { metricsRoute } from './metrics-route.js';
import type { Route } from './route.js';

export interface RouteDependencies {
  isHealthy: () => Promise<boolean>;
  registry: Registry;
  /** The web pages and the JSON API (src/web/), when enabled. */
  web?: readonly Route[];
}

/**
 * Every HTTP endpoint of ours besides Slack's own, served alike in HTTP mode (next to /slack/events)
 * and in Socket Mode (on its own server): a new endpoint is one line here.
 */
export function httpRoutes(deps: RouteDependencies): Route[] {
  return [healthzRoute(deps.isHealthy), metricsRoute(deps.registry), ...(deps.web ?? [])];
}
