import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { FakeSlack } from '../support/fake-slack.js';
import { FakeSocketMode } from '../support/fake-socket-mode.js';

describe('Socket Mode', () => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    socket = await FakeSocketMode.start(fake);
    app = await startTestApp('pglite', { fake, env: { SLACK_APP_TOKEN: fake.appToken, SLACK_SIGNING_SECRET: '' } });
  });
  afterAll(async () => {
    await app?.stop();
    await socket?.close();
    await fake?.close();
  });

  it('connects with the app token and answers /incident help over the socket', async () => {
    const opened = await fake.waitFor('apps.connections.open');
    expect(opened.token).toBe(fake.appToken);
    const ack = (await socket.send('slash_commands', {
      token: 'placeholder',
      team_id: fake.teamId,
      team_domain: 'sitrep-test',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: 'UALICE',
      user_name: 'alice',
      command: '/incident',
      text: 'help',
      api_app_id: 'ASITREP',
      response_url: fake.newResponseUrl(),
      trigger_id: '1.2.3',
    })) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('/incident declare');
  });

  it('serves /healthz on PORT without a public Slack endpoint', async () => {
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const events = await fetch(`${app.baseUrl}/slack/events`, { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });

  it('serves /metrics on the same server, 405 for another method on it', async () => {
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE sitrep_slack_api_calls_total counter');
    const post = await fetch(`${app.baseUrl}/metrics`, { method: 'POST', body: '' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});
