import type { Route } from './route.js';

/** GET /healthz: 200 while the database answers, 503 otherwise (the readiness and liveness probe). */
export function healthzRoute(isHealthy: () => Promise<boolean>): Route {
  return {
    path: '/healthz',
    methods: ['GET'],
    async handle() {
      const healthy = await isHealthy();
      return {
        status: healthy ? 200 : 503,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: healthy ? 'ok' : 'database unavailable' }),
      };
    },
  };
}
