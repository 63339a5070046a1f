import type { Registry } from 'prom-client';
import { type AlertRouteDependencies, alertRoutes } from './alert-routes.js';
import { githubWebhookRoute, type IssueStateChange } from './github-webhook.js';
import { healthzRoute } from './healthz.js';
import { metricsRoute } from './metrics-route.js';
import type { Route } from './route.js';

export interface RouteDependencies {
  isHealthy: () => Promise<boolean>;
  registry: Registry;
  /** The endpoints partners call (PagerDuty's webhook…). */
  hooks?: Route[];
  /** Alerts in: POST /hooks/alertmanager, /hooks/grafana, /hooks/generic. */
  alerts?: AlertRouteDependencies;
  githubWebhookSecret?: string | undefined;
  /** A tracker issue closed or reopened (the use cases are built after the routes, so this is late-bound). */
  onIssueStateChange?: (change: IssueStateChange) => Promise<void>;
  /** The web pages and the JSON API (src/web/), when enabled. */
  web?: readonly Route[];
}

/**
 * Every HTTP endpoint of ours besides Slack's own, served alike in HTTP mode (next to /slack/events)
 * and in Socket Mode (on its own server): a new endpoint is one line here.
 */
export function httpRoutes(deps: RouteDependencies): Route[] {
  return [
    healthzRoute(deps.isHealthy),
    metricsRoute(deps.registry),
    ...(deps.hooks ?? []),
    ...(deps.alerts ? alertRoutes(deps.alerts) : []),
    ...(deps.web ?? []),
    githubWebhookRoute(deps.githubWebhookSecret, (change) => deps.onIssueStateChange?.(change) ?? Promise.resolve()),
  ];
}
