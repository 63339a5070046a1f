import type { Registry } from 'prom-client';
import type { Route } from './route.js';

/** GET /metrics: the registry in Prometheus text format, gauges read from the database at each scrape. */
export function metricsRoute(registry: Registry): Route {
  return {
    path: '/metrics',
    methods: ['GET'],
    async handle() {
      return { status: 200, headers: { 'content-type': registry.contentType }, body: await registry.metrics() };
    },
  };
}
