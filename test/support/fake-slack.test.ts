// Tests of the harness itself, driven by the real WebClient so they prove the fake speaks what it sends.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { ErrorCode, LogLevel, WebClient, WebClientEvent } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.js';
import { SlackSender, plainText, signRequest, staticSelect } from './slack-requests.js';

let fake: FakeSlack;
let client: WebClient;

const webClient = (token = 'xoxb-test-token') =>
  new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 10 },
    rejectRateLimitedCalls: false,
  });

beforeEach(async () => {
  fake = await FakeSlack.start();
  client = webClient();
});

afterEach(async () => {
  await fake.close();
});

describe('FakeSlack with the real WebClient', () => {
  it('answers auth.test and rejects a wrong token', async () => {
    const me = await client.auth.test();
    expect(me).toMatchObject({ ok: true, team_id: 'T0SITREP', user_id: 'UBOT', bot_id: 'BBOT', url: 'https://sitrep-test.slack.com/' });
    await expect(webClient('xoxb-wrong').auth.test()).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'invalid_auth' } });
    expect(fake.callsTo('auth.test')).toHaveLength(2);
  });

  it('round-trips postMessage, update and paginated history', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-42-db-down' });
    const channelId = channel!.id!;
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Declared*' } }];
    const first = await client.chat.postMessage({ channel: channelId, text: 'declared', blocks });
    expect(first.message).toMatchObject({ user: 'UBOT', bot_id: 'BBOT', text: 'declared' });
    for (let i = 2; i <= 5; i++) await client.chat.postMessage({ channel: channelId, text: `update ${i}` });
    await client.chat.postMessage({ channel: channelId, text: 'a reply', thread_ts: first.ts! });
    await client.chat.update({ channel: channelId, ts: first.ts!, text: 'declared (edited)' });

    // The record holds parsed blocks, not the form's JSON string.
    expect(fake.callsTo('chat.postMessage')[0]!.args.blocks).toEqual(blocks);

    const pages: any[][] = [];
    let cursor: string | undefined;
    do {
      const page = await client.conversations.history({ channel: channelId, limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.messages!);
      cursor = page.response_metadata?.next_cursor || undefined;
      expect(page.has_more).toBe(cursor !== undefined);
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const all = pages.flat();
    expect(all.map((m) => m.text)).toEqual(['update 5', 'update 4', 'update 3', 'update 2', 'declared (edited)']);
    expect(all[4]).toMatchObject({ ts: first.ts, thread_ts: first.ts, reply_count: 1, blocks: [{ type: 'section' }] });

    const thread = await client.conversations.replies({ channel: channelId, ts: first.ts! });
    expect(thread.messages!.map((m) => m.text)).toEqual(['declared (edited)', 'a reply']);

    const oldest = await client.conversations.history({ channel: channelId, oldest: all[1]!.ts });
    expect(oldest.messages!.map((m) => m.text)).toEqual(['update 5']);

    await expect(client.chat.update({ channel: channelId, ts: '1.000000', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    const permalink = await client.chat.getPermalink({ channel: channelId, message_ts: first.ts! });
    expect(permalink.permalink).toBe(`https://sitrep-test.slack.com/archives/${channelId}/p${first.ts!.replace('.', '')}`);
  });

  it('answers name_taken and already_in_channel like Slack', async () => {
    fake.addChannel({ name: 'general' });
    await expect(client.conversations.create({ name: 'general' })).rejects.toMatchObject({ data: { ok: false, error: 'name_taken' } });
    await expect(client.conversations.create({ name: 'Bad Name!' })).rejects.toMatchObject({ data: { error: 'invalid_name_specials' } });

    const { channel } = await client.conversations.create({ name: 'inc-7', is_private: true });
    await client.conversations.invite({ channel: channel!.id!, users: 'UALICE,UBOB' });
    expect([...fake.getChannel(channel!.id!)!.members].sort()).toEqual(['UALICE', 'UBOB', 'UBOT']);
    await expect(client.conversations.invite({ channel: channel!.id!, users: 'UALICE,UBOB' })).rejects.toMatchObject({ data: { error: 'already_in_channel' } });
    const invite = await fake.waitFor('conversations.invite', (a) => a.users === 'UALICE,UBOB');
    expect(invite.response).toEqual({ ok: true, channel: expect.objectContaining({ id: channel!.id, is_private: true }) });
  });

  it('answers 429 with Retry-After, which the WebClient honours before retrying', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.addChannel({ id: 'C0OPS', name: 'ops' });

    const started = Date.now();
    const res = await client.chat.postMessage({ channel: 'C0OPS', text: 'after the limit' });

    expect(res.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    const calls = fake.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['after the limit']);
  });

  it('completes the filesUploadV2 flow with the exact content', async () => {
    fake.addChannel({ id: 'C0INC', name: 'inc-9' });
    const content = 'Timeline\n- 14:02 pager fired\n- 14:05 ünïcode ✓\n';
    const res = await client.filesUploadV2({ channel_id: 'C0INC', filename: 'timeline.md', title: 'Timeline', content, initial_comment: 'Retro draft' });

    expect(res.ok).toBe(true);
    expect(fake.uploadedFiles).toEqual([
      expect.objectContaining({ filename: 'timeline.md', title: 'Timeline', content, channelId: 'C0INC', initialComment: 'Retro draft' }),
    ]);
    expect(fake.callsTo('files.completeUploadExternal')[0]!.args.files).toEqual([{ id: fake.uploadedFiles[0]!.id, title: 'Timeline' }]);
    expect(fake.messages('C0INC')[0]).toMatchObject({ text: 'Retro draft', files: [{ id: fake.uploadedFiles[0]!.id, name: 'timeline.md' }] });
  });

  it('serves user messages, views, injected errors, outages and response urls', async () => {
    fake.addChannel({ id: 'C0GEN', name: 'general' });
    const { ts, event } = fake.postUserMessage({ channel: 'C0GEN', user: 'UALICE', text: 'db is down' });
    expect(event).toMatchObject({ type: 'message', channel: 'C0GEN', user: 'UALICE', text: 'db is down', ts, event_ts: ts, channel_type: 'channel', team: 'T0SITREP' });
    expect(fake.editUserMessage('C0GEN', ts, 'db is DOWN')).toMatchObject({ subtype: 'message_changed', message: { text: 'db is DOWN' }, previous_message: { text: 'db is down' } });
    expect((await client.users.info({ user: 'UALICE' })).user).toMatchObject({ id: 'UALICE', is_bot: false, profile: { display_name: 'UALICE' } });

    await expect(client.views.open({ trigger_id: '', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
    const opened = await client.views.open({ trigger_id: '1.2.abc', view: { type: 'modal', callback_id: 'declare', title: { type: 'plain_text', text: 'Declare' }, blocks: [] } });
    expect(fake.views.get(opened.view!.id!)).toMatchObject({ callback_id: 'declare', state: { values: {} } });

    fake.failNext('pins.add', { error: 'ratelimited_custom' });
    await expect(client.pins.add({ channel: 'C0GEN', timestamp: ts })).rejects.toMatchObject({ data: { error: 'ratelimited_custom' } });
    await client.pins.add({ channel: 'C0GEN', timestamp: ts });
    await expect(client.pins.add({ channel: 'C0GEN', timestamp: ts })).rejects.toMatchObject({ data: { error: 'already_pinned' } });

    fake.setDown(true);
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    fake.setDown(false);

    const url = fake.newResponseUrl();
    await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'ack', response_type: 'ephemeral' }) });
    expect((await fake.waitFor('response_url')).args).toEqual({ text: 'ack', response_type: 'ephemeral', url });
    await expect(fake.waitFor('chat.delete', () => true, 50)).rejects.toThrow(/timed out.*methods seen: .*auth\.test x2/);
  });
});

describe('SlackSender', () => {
  it('signs requests so that Bolt verifies them', () => {
    const body = 'token=t&team_id=T0SITREP&command=%2Fincident&text=declare+db';
    const headers = signRequest('s3cret', body);
    const verify = (secret: string) =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': headers['X-Slack-Signature']!, 'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']) },
      });
    expect(() => verify('s3cret')).not.toThrow();
    expect(() => verify('other')).toThrow();
  });

  describe('against a recording app server', () => {
    let server: Server;
    let received: Array<{ headers: Record<string, any>; body: string }>;
    let answer: string;
    let sender: SlackSender;

    beforeEach(async () => {
      received = [];
      answer = '';
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      sender = new SlackSender({ appUrl, signingSecret: 'sign-me', fake });
    });

    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const verified = (i = 0) => {
      const r = received[i]!;
      verifySlackRequest({
        signingSecret: 'sign-me',
        body: r.body,
        headers: { 'x-slack-signature': r.headers['x-slack-signature'], 'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']) },
      });
      return r;
    };

    it('sends a slash command form exactly as Slack does', async () => {
      const res = await sender.command('declare sev1 db down', { userId: 'UALICE', channelId: 'C0GEN' });
      const r = verified();
      expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const form = Object.fromEntries(new URLSearchParams(r.body));
      expect(Object.keys(form)).toEqual(['token', 'team_id', 'team_domain', 'channel_id', 'channel_name', 'user_id', 'user_name', 'command', 'text', 'api_app_id', 'is_enterprise_install', 'response_url', 'trigger_id']);
      expect(form).toMatchObject({ command: '/incident', text: 'declare sev1 db down', user_id: 'UALICE', team_id: 'T0SITREP', response_url: res.responseUrl, trigger_id: res.triggerId });
      expect(res.status).toBe(200);
    });

    it('clicks a real button and submits a view, parsing the JSON answer', async () => {
      fake.addChannel({ id: 'C0INC', name: 'inc-1' });
      const posted = await client.chat.postMessage({
        channel: 'C0INC',
        text: 'incident',
        blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'resolve', value: 'inc-1', text: { type: 'plain_text', text: 'Resolve' } }] }],
      });
      await expect(sender.clickButton(fake.findMessage('C0INC', posted.ts!)!, 'nope')).rejects.toThrow(/action ids present: resolve/);
      await sender.clickButton(fake.findMessage('C0INC', posted.ts!)!, 'resolve');
      const action = JSON.parse(new URLSearchParams(verified().body).get('payload')!);
      expect(action).toMatchObject({ type: 'block_actions', container: { message_ts: posted.ts, channel_id: 'C0INC' }, actions: [{ action_id: 'resolve', value: 'inc-1', type: 'button' }] });
      expect(action.actions[0].block_id).toBe(action.message.blocks[0].block_id);

      const view = {
        id: 'V0TEST',
        callback_id: 'declare',
        private_metadata: '{"channel":"C0INC"}',
        blocks: [
          { type: 'input', block_id: 'title', element: { type: 'plain_text_input', action_id: 'v' } },
          { type: 'input', block_id: 'sev', element: { type: 'static_select', action_id: 'v' } },
          { type: 'input', block_id: 'summary', optional: true, element: { type: 'plain_text_input', action_id: 'v' } },
        ],
      };
      await expect(sender.viewSubmission(view, { titel: { v: plainText('x') } })).rejects.toThrow(/no input block 'titel'.*title\{v\}/);
      answer = '{"response_action":"errors","errors":{"title":"Too short"}}';
      const res = await sender.viewSubmission(view, { title: { v: plainText('DB down') }, sev: { v: staticSelect('sev1') } });
      expect(res.json).toEqual({ response_action: 'errors', errors: { title: 'Too short' } });
      const submission = JSON.parse(new URLSearchParams(verified(1).body).get('payload')!);
      expect(submission.view).toMatchObject({ id: 'V0TEST', callback_id: 'declare', private_metadata: '{"channel":"C0INC"}' });
      expect(submission.view.state.values).toEqual({
        title: { v: { type: 'plain_text_input', value: 'DB down' } },
        sev: { v: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'sev1', emoji: true }, value: 'sev1' } } },
        summary: { v: { type: 'plain_text_input', value: null } },
      });
    });

    it('wraps events in the event_callback envelope with retry headers', async () => {
      fake.addChannel({ id: 'C0GEN', name: 'general' });
      const { event } = fake.postUserMessage({ channel: 'C0GEN', user: 'UALICE', text: 'hi' });
      const first = await sender.event(event);
      await sender.event(event, { eventId: first.eventId, retryNum: 1 });
      const [a, b] = [verified(0), verified(1)];
      expect(a.headers['content-type']).toBe('application/json');
      expect(JSON.parse(a.body)).toMatchObject({ type: 'event_callback', team_id: 'T0SITREP', event, event_id: first.eventId, authorizations: [{ user_id: 'UBOT', is_bot: true }] });
      expect(b.headers).toMatchObject({ 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
      expect(JSON.parse(b.body).event_id).toBe(first.eventId);
    });
  });
});
