import type { Registry } from 'prom-client';
import { type AlertRouteDependencies, alertRoutes } from './alert-routes.js';
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
  ];
}
