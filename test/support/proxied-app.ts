import { startTestApp, type TestApp, type TestAppOptions } from './app-harness.js';
import { freshDatabase } from './databases.js';
import { TcpProxy } from './tcp-proxy.js';

/** Runs `test` on an app over a fresh Postgres reached through a proxy the test can cut (an outage); all three go afterwards. */
export async function withProxiedDatabase(test: (app: TestApp, proxy: TcpProxy) => Promise<void>, options: Omit<TestAppOptions, 'database'> = {}): Promise<void> {
  const database = await freshDatabase('postgres');
  const target = new URL(database.databaseUrl!);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  const app = await startTestApp('postgres', { ...options, database: { ...database, databaseUrl: proxy.wrap(database.databaseUrl!) } });
  try {
    await test(app, proxy);
  } finally {
    await app.stop();
    await proxy.close();
    await database.drop();
  }
}
