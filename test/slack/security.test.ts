// What an attacker on the network, a captured request or another workspace can make Sitrep do:
// nothing beyond what a signed, fresh, small request from our own workspace may.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, VIEWS } from '../../src/slack/action-ids.js';
import { BODY_LIMIT_BYTES } from '../../src/slack/app.js';
import { SlackCallError } from '../../src/usecases/slack-gateway.js';
import { eventually, startTestApp, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../support/databases.js';
import { appHomeOpened, reactionEvent, signRequest, SlackSender } from '../support/slack-requests.js';

const FORM = 'application/x-www-form-urlencoded';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A slash command body as Slack sends it, padded with an extra field to exactly `bytes` when asked. */
function commandBody(app: TestApp, text: string, bytes?: number): string {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: app.fake.teamId,
    channel_id: 'C0GENERAL',
    user_id: 'UTESTER',
    command: '/incident',
    text,
    response_url: app.fake.newResponseUrl(),
    trigger_id: app.slack.newTriggerId(),
  }).toString();
  if (bytes === undefined) return body;
  const padding = bytes - body.length - '&padding='.length;
  if (padding < 0) throw new Error('body already longer than asked');
  return `${body}&padding=${'a'.repeat(padding)}`;
}

/**
 * POSTs on a connection of its own, closed afterwards: after a 413 the server has left the body
 * unread, so a pooled connection (fetch's) would carry the next request into that leftover.
 * `chunked` streams 64 KiB pieces with no Content-Length (Transfer-Encoding: chunked).
 */
function postAlone(url: string, body: string, headers: Record<string, string>, chunked = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', agent: false, headers: { ...headers, Connection: 'close', ...(chunked ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) } }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
    });
    // The server may stop reading once it has answered: a write error after the answer is expected.
    request.on('error', reject);
    if (!chunked) return void request.end(body);
    for (let offset = 0; offset < body.length; offset += 65_536) request.write(body.slice(offset, offset + 65_536));
    request.end();
  });
}

describe.each(DATABASE_KINDS)('security of the Slack endpoint on %s', (kind) => {
  let app: TestApp;
  let database: TestDatabase;
  let databasePassword: string | undefined;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    if (database.databaseUrl) {
      // Trust authentication ignores a password, so the URL can carry one for the log check.
      const url = new URL(database.databaseUrl);
      url.password ||= 'secret-pw-4f9a2c';
      databasePassword = decodeURIComponent(url.password);
      database = { ...database, databaseUrl: url.toString() };
    }
    app = await startTestApp(kind, { database, env: { LOG_LEVEL: 'trace' } });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const eventsUrl = () => `${app.baseUrl}/slack/events`;
  const storedIncidents = async () => (await app.sitrep.database.db.selectFrom('incidents').select('number').execute()).length;
  const storedTimelineEntries = async () => (await app.sitrep.database.db.selectFrom('timeline_entries').select('id').execute()).length;

  describe('replayed requests', () => {
    it('answers a captured help request replayed within five minutes the same way, and nothing else happens', async () => {
      const body = commandBody(app, 'help');
      const headers = { 'Content-Type': FORM, ...signRequest(TEST_SIGNING_SECRET, body) };
      const callsBefore = app.fake.calls.length;
      const first = await app.slack.raw(body, headers);
      const replay = await app.slack.raw(body, headers);
      expect([first.status, replay.status]).toEqual([200, 200]);
      expect(replay.json).toEqual(first.json);
      expect(replay.json.response_type).toBe('ephemeral');
      await pause(200);
      expect(app.fake.calls.slice(callsBefore)).toEqual([]);
      expect(await storedIncidents()).toBe(0);
    });

    it('refuses a captured request replayed more than five minutes after Slack signed it', async () => {
      const body = commandBody(app, 'help');
      const signedJustInside = signRequest(TEST_SIGNING_SECRET, body, nowSeconds() - 290);
      expect((await app.slack.raw(body, { 'Content-Type': FORM, ...signedJustInside })).status).toBe(200);
      const signedTooLongAgo = signRequest(TEST_SIGNING_SECRET, body, nowSeconds() - 310);
      const replay = await app.slack.raw(body, { 'Content-Type': FORM, ...signedTooLongAgo });
      expect(replay.status).toBe(401);
      expect(replay.body).not.toContain('Sitrep');
    });
  });

  describe('requests from another workspace', () => {
    it('acts on no command, event or interaction signed for another team: nothing stored, no Slack call', async () => {
      const other = new SlackSender({ appUrl: eventsUrl(), signingSecret: TEST_SIGNING_SECRET, fake: app.fake, teamId: 'T0OTHER' });
      const channel = app.fake.addChannel({ name: `inc-other-${kind}`, members: ['UOUTSIDER'] });
      const said = app.fake.postUserMessage({ channel: channel.id, user: 'UOUTSIDER', text: 'I declare nothing' });
      const refusalsBefore = app.logs.lines.filter((l) => l.includes('request from another workspace refused')).length;
      const callsBefore = app.fake.calls.length;

      const command = await other.command('declare sev1 Not yours', { channelId: channel.id, userId: 'UOUTSIDER' });
      expect(command.status).toBe(200);
      expect(command.json.text).toBe('This Sitrep serves another Slack workspace.');
      const replies = [
        await other.event(said.event),
        await other.event(reactionEvent('reaction_added', { user: 'UOUTSIDER', reaction: 'pushpin', channel: channel.id, ts: said.ts })),
        await other.event(appHomeOpened('UOUTSIDER')),
        await other.blockAction({ actionId: ACTIONS.takeRole('commander'), value: '1', channelId: channel.id, messageTs: said.ts, userId: 'UOUTSIDER' }),
        await other.viewSubmission({ callback_id: VIEWS.declare, blocks: [] }, {}, { userId: 'UOUTSIDER' }),
      ];
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

      // Each of the six was seen and refused by the workspace guard, not merely ignored: once all six
      // are refused, nothing of theirs can still be under way.
      const refusals = () => app.logs.lines.filter((l) => l.includes('request from another workspace refused')).length - refusalsBefore;
      await eventually(() => refusals() >= 6, 15_000, 'six refusals');
      expect(refusals()).toBe(6);
      expect(app.fake.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
      expect(await storedIncidents()).toBe(0);
      expect(await storedTimelineEntries()).toBe(0);
    });
  });

  describe('body size', () => {
    it('accepts a body of exactly 1 MB and refuses one byte more with 413', async () => {
      expect(BODY_LIMIT_BYTES).toBe(1024 * 1024);
      const atLimit = commandBody(app, 'help', BODY_LIMIT_BYTES);
      expect(Buffer.byteLength(atLimit)).toBe(BODY_LIMIT_BYTES);
      const accepted = await app.slack.raw(atLimit, { 'Content-Type': FORM, ...signRequest(TEST_SIGNING_SECRET, atLimit) });
      expect(accepted.status).toBe(200);
      expect(accepted.json.response_type).toBe('ephemeral');

      const over = commandBody(app, 'help', BODY_LIMIT_BYTES + 1);
      expect(await postAlone(eventsUrl(), over, { 'Content-Type': FORM, ...signRequest(TEST_SIGNING_SECRET, over) })).toBe(413);
      expect((await app.slack.command('help')).status).toBe(200);
    });

    it('refuses a chunked body that grows past 1 MB with 413, and still serves chunked requests under it', async () => {
      const small = commandBody(app, 'help', 200_000);
      expect(await postAlone(eventsUrl(), small, { 'Content-Type': FORM, ...signRequest(TEST_SIGNING_SECRET, small) }, true)).toBe(200);

      const large = commandBody(app, 'help', 3 * BODY_LIMIT_BYTES);
      expect(await postAlone(eventsUrl(), large, { 'Content-Type': FORM, ...signRequest(TEST_SIGNING_SECRET, large) }, true)).toBe(413);
      expect((await app.slack.command('help')).status).toBe(200);
    });
  });

  describe('secrets in logs', () => {
    it('writes no token, signing secret or database password in any log line, even at trace level', async () => {
      // A few more paths that log: a wrongly signed request, an event, a failing and a rate-limited Slack call.
      const body = commandBody(app, 'help');
      expect((await app.slack.raw(body, { 'Content-Type': FORM, ...signRequest('not-the-secret', body) })).status).toBe(401);
      expect((await app.slack.command('unknown-subcommand')).status).toBe(200);
      expect((await app.slack.event(appHomeOpened('UTESTER'))).status).toBe(200);
      const channel = app.fake.addChannel({ name: `logs-${kind}` }).id;
      app.fake.failNext('chat.postMessage', { error: 'invalid_auth' });
      await expect(app.sitrep.ctx.slack.postMessage(channel, { text: 'hello' })).rejects.toBeInstanceOf(SlackCallError);
      app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
      await app.sitrep.ctx.slack.postMessage(channel, { text: 'after a rate limit' });
      // An answer quoting the token, as a misconfigured proxy at SLACK_API_URL might: logged at debug.
      app.fake.failNext('chat.update', { error: `invalid_auth: token ${TEST_BOT_TOKEN} refused` });
      await expect(app.sitrep.ctx.slack.updateMessage(channel, '1.000001', { text: 'edit' })).rejects.toBeInstanceOf(SlackCallError);

      const levels = new Set(app.logs.lines.map((line) => (JSON.parse(line) as { level: number }).level));
      expect(levels.has(20), 'debug lines were written').toBe(true);
      expect(app.logs.text).toContain('chat.postMessage');

      const secrets = [TEST_BOT_TOKEN, TEST_BOT_TOKEN.slice('xoxb-'.length), TEST_SIGNING_SECRET, ...(databasePassword ? [databasePassword] : [])];
      for (const secret of secrets) expect(app.logs.text, `a log line holds ${secret}`).not.toContain(secret);
    });
  });
});
