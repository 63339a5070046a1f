// The fake's failure modes, driven by the real WebClient: each fails the way Slack does.
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.js';

let fake: FakeSlack;
let client: WebClient;

// As Sitrep configures it: no retries of its own, 429s thrown, a timeout per request.
const sitrepLikeClient = (timeout: number) =>
  new WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout });

beforeEach(async () => {
  fake = await FakeSlack.start();
  client = sitrepLikeClient(5_000);
  fake.addChannel({ id: 'C0OPS', name: 'ops' });
});

afterEach(async () => {
  await fake.close();
});

describe('FakeSlack failing like Slack', () => {
  it('answers 429 with Retry-After for one method only, doing nothing', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 8 });
    await expect(client.chat.postMessage({ channel: 'C0OPS', text: 'limited' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 8 });
    await client.conversations.setTopic({ channel: 'C0OPS', topic: 'other methods answer' });
    expect(fake.messages('C0OPS')).toEqual([]);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429]);
    expect(fake.getChannel('C0OPS')!.topic.value).toBe('other methods answer');
  });

  it('answers 500 after performing the write', async () => {
    fake.failNext('chat.postMessage', { status: 500, afterWrite: true });
    await expect(client.chat.postMessage({ channel: 'C0OPS', text: 'posted anyway' })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['posted anyway']);
  });

  it('drops the connection, before or after the write', async () => {
    fake.failNext('chat.postMessage', { drop: true });
    await expect(client.chat.postMessage({ channel: 'C0OPS', text: 'lost' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
    fake.failNext('chat.postMessage', { drop: true, afterWrite: true });
    await expect(client.chat.postMessage({ channel: 'C0OPS', text: 'posted, answer lost' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['posted, answer lost']);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([0, 0]);
  });

  it('holds a call without an answer until released, then performs it', async () => {
    fake.hangNext('chat.postMessage');
    const hung = sitrepLikeClient(300).chat.postMessage({ channel: 'C0OPS', text: 'slow' });
    await expect(hung).rejects.toMatchObject({ code: ErrorCode.RequestError, original: { name: 'TimeoutError' } });
    expect(fake.hungCalls('chat.postMessage')).toHaveLength(1);
    expect(fake.messages('C0OPS')).toEqual([]);
    // The next call is not held.
    await client.chat.postMessage({ channel: 'C0OPS', text: 'fast' });

    fake.releaseHung();
    expect(fake.hungCalls()).toEqual([]);
    await expect.poll(() => fake.messages('C0OPS').map((m) => m.text)).toEqual(['fast', 'slow']);
  });
});
