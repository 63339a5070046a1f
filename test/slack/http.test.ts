import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SIGNING_SECRET, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { signRequest } from '../support/slack-requests.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe.each(DATABASE_KINDS)('the Slack endpoint on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const eventsUrl = () => `${app.baseUrl}/slack/events`;

  it('answers /incident with the help text in its acknowledgement', async () => {
    const reply = await app.slack.command('');
    expect(reply.status).toBe(200);
    expect(reply.json.response_type).toBe('ephemeral');
    for (const subcommand of ['declare', 'update', 'severity', 'role', 'roles', 'resolve', 'close', 'reopen', 'milestone', 'info', 'list', 'stats']) {
      expect(reply.json.text).toContain(`/incident ${subcommand}`);
    }
    const help = await app.slack.command('help');
    expect(help.json.text).toBe(reply.json.text);
  });

  it('answers an unknown subcommand with help that names the mistake', async () => {
    const reply = await app.slack.command('explode now');
    expect(reply.status).toBe(200);
    expect(reply.json.response_type).toBe('ephemeral');
    expect(reply.json.text).toMatch(/^`explode` is not a Sitrep command/);
    expect(reply.json.text).toContain('/incident declare');
  });

  it('refuses unsigned, wrongly signed and stale requests with 401', async () => {
    const body = 'command=%2Fincident&text=help&team_id=T0SITREP&user_id=U1&channel_id=C1&trigger_id=t1&response_url=http%3A%2F%2F127.0.0.1%3A9%2F';
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const unsigned = await app.slack.raw(body, form);
    expect(unsigned.status).toBe(401);

    const wrong = await app.slack.raw(body, { ...form, ...signRequest('not-the-secret', body) });
    expect(wrong.status).toBe(401);

    const sixMinutesAgo = nowSeconds() - 6 * 60;
    const stale = await app.slack.raw(body, { ...form, ...signRequest(TEST_SIGNING_SECRET, body, sixMinutesAgo) });
    expect(stale.status).toBe(401);

    const good = await app.slack.raw(body, { ...form, ...signRequest(TEST_SIGNING_SECRET, body) });
    expect(good.status).toBe(200);
  });

  it('answers a malformed body with 400 and keeps serving', async () => {
    const body = '{"type": "event_callback", "event": ';
    const reply = await app.slack.raw(body, { 'content-type': 'application/json', ...signRequest(TEST_SIGNING_SECRET, body) });
    expect(reply.status).toBe(400);
    const payload = 'payload=%7Bnot-json';
    const badPayload = await app.slack.raw(payload, { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(TEST_SIGNING_SECRET, payload) });
    expect(badPayload.status).toBeGreaterThanOrEqual(400);
    expect(badPayload.status).toBeLessThan(500);
    expect((await app.slack.command('help')).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const body = `command=%2Fincident&text=${'a'.repeat(1024 * 1024 + 10)}`;
    const reply = await app.slack.raw(body, { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(TEST_SIGNING_SECRET, body) });
    expect(reply.status).toBe(413);
    expect((await app.slack.command('help')).status).toBe(200);
  });

  it('closes a connection it answered 413 on, so the next request on a kept-alive client still goes through', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...signRequest(TEST_SIGNING_SECRET, body) };
        const req = httpRequest(eventsUrl(), { method: 'POST', agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.setTimeout(4_000, () => req.destroy(new Error('request hung on a reused connection')));
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await post(`command=%2Fincident&text=${'a'.repeat(1024 * 1024 + 10)}`)).toBe(413);
      const help = `command=%2Fincident&text=help&team_id=T0SITREP&user_id=U1&channel_id=C1&trigger_id=t9&response_url=${encodeURIComponent(app.fake.newResponseUrl())}`;
      expect(await post(help)).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('answers Slack\'s URL verification challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'chal-123', type: 'url_verification' });
    const reply = await app.slack.raw(body, { 'content-type': 'application/json', ...signRequest(TEST_SIGNING_SECRET, body) });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('chal-123');
  });

  it('answers a slash command from another workspace without acting on it', async () => {
    const reply = await app.slack.command('help', { teamId: 'T0OTHER' });
    expect(reply.status).toBe(200);
    expect(reply.json.text).toBe('This Sitrep serves another Slack workspace.');
    void eventsUrl;
  });

  it('reports healthy on /healthz', async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
