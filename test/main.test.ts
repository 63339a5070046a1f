// Stopping Sitrep (SIGTERM in the container) lets work already acknowledged finish first.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app-harness.js';

describe('stopping', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
  });

  it('waits for a declaration under way to finish and tell the declarer before closing the database', async () => {
    app = await startTestApp('pglite');
    app.fake.delayNext('conversations.create', 500);
    const general = app.fake.addChannel({ name: 'general' });

    const ack = await app.slack.command('declare sev2 Payments down', { userId: 'UALICE', channelId: general.id });
    expect(ack.status).toBe(200);
    await app.fake.waitFor('conversations.create');
    await app.sitrep.stop();

    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
    expect(told.some((text) => text.includes('is declared'))).toBe(true);
    expect(app.fake.callsTo('chat.postMessage').length).toBeGreaterThan(0);
  });
});
