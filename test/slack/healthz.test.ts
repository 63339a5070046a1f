import { describe, expect, it } from 'vitest';
import { eventually, startTestApp } from '../support/app-harness.js';
import { withProxiedDatabase } from '../support/proxied-app.js';

describe('/healthz', () => {
  it.runIf(process.env.TEST_DATABASE_URL)('answers 200, then 503 while the Postgres server is unreachable, then 200 again', async () => {
    await withProxiedDatabase(async (app, proxy) => {
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
      proxy.cut();
      const down = await fetch(`${app.baseUrl}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'database unavailable' });
      proxy.restore();
      await eventually(async () => (await fetch(`${app.baseUrl}/healthz`)).status === 200, 10_000, 'healthz to recover');
    });
  });

  it('answers 503 once the embedded database is closed', async () => {
    const app = await startTestApp('pglite');
    try {
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
      await app.sitrep.database.close();
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(503);
    } finally {
      await app.stop();
    }
  });
});
