// Slack calls that are rate limited or never answered, against the real app: one method's trouble
// holds up nothing else. Order is read from the times the fake recorded each call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, FAST_RETRIES, type TestApp } from '../support/app-harness.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { createdChannel, incidentRow, nextIncidentNumber, runCommand, startDeclareApp } from './declare-support.js';

const ATTEMPTS = 1 + FAST_RETRIES.retries!;

describe('a 429 on one method', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startDeclareApp('pglite');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('pauses only that method for its Retry-After: another person’s form and other methods go first', { timeout: 30_000 }, async () => {
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 8 });
    const alice = await app.slack.command('declare sev2 Card rate limited', { userId: 'UALICE' });
    const limited = await eventually(() => app.fake.callsTo('chat.postMessage').find((c) => c.status === 429), 10_000, 'the 429');

    // While chat.postMessage is paused: Bob opens the declare form, Carol declares (create, invite, topic).
    const bob = await app.slack.command('declare', { userId: 'UBOB' });
    const form = await app.fake.waitFor('views.open', (a) => a.trigger_id === bob.triggerId);
    const carol = await app.slack.command('declare sev3 Another incident', { userId: 'UCAROL' });
    const carolTopic = await app.fake.waitFor('conversations.setTopic', (a) => String(a.topic).includes('UCAROL'), 10_000);

    await app.fake.waitFor('response_url', (a) => a.url === alice.responseUrl, 15_000);
    await app.fake.waitFor('response_url', (a) => a.url === carol.responseUrl, 15_000);
    const posts = app.fake.callsTo('chat.postMessage');
    const afterLimit = posts.filter((c) => c !== limited);
    const retry = afterLimit[0]!;

    expect(form.status).toBe(200);
    expect(form.at).toBeLessThan(retry.at);
    expect(carolTopic.at).toBeLessThan(retry.at);
    // No post went out while the method was paused, and Alice's card was posted once.
    for (const post of afterLimit) expect(post.at - limited.at).toBeGreaterThanOrEqual(8_000 - 10);
    // Alice's card waits its turn with the other posts held by the pause, in no promised order.
    expect(afterLimit.some((c) => c.args.text === limited.args.text)).toBe(true);
    expect(posts.filter((c) => c.args.text === limited.args.text && c.status === 200)).toHaveLength(1);
  });
});

describe('a Slack call that never answers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startDeclareApp('pglite', { SLACK_API_TIMEOUT: '1s' });
  });
  afterAll(async () => {
    app?.fake.releaseHung();
    await app?.stop();
  });

  it('gives up after SLACK_API_TIMEOUT, tells the declarer what is left, and holds up no one else meanwhile', { timeout: 30_000 }, async () => {
    const number = await nextIncidentNumber(app);
    app.fake.hangNext('conversations.setTopic', ATTEMPTS);
    const alice = await app.slack.command('declare sev1 Topic hangs', { userId: 'UALICE' });
    await app.fake.waitFor('conversations.setTopic', () => true, 10_000);

    const bob = await app.slack.command('declare', { userId: 'UBOB' });
    const form = await app.fake.waitFor('views.open', (a) => a.trigger_id === bob.triggerId);
    expect(form.status).toBe(200);
    expect(app.fake.hungCalls('conversations.setTopic').length).toBeGreaterThan(0);

    const answer = await app.fake.waitFor('response_url', (a) => a.url === alice.responseUrl, 15_000);
    const channel = createdChannel(app);
    expect(answer.args.text).toContain(`<#${channel.id}>`);
    expect(answer.args.text).toContain('Sitrep retries the rest shortly');
    // An idempotent call is tried again after a timeout, up to the retries.
    expect(app.fake.callsTo('conversations.setTopic')).toHaveLength(ATTEMPTS);
    expect(await incidentRow(app, number)).toMatchObject({ declare_step: 'invited', declare_error: 'conversations.setTopic: timeout; will retry' });
    app.fake.releaseHung();
  });

  it('never sends a post again by itself when its answer is lost: timeout, 500 after the write, dropped connection', { timeout: 30_000 }, async () => {
    const faults: Array<[string, (method: string) => void]> = [
      ['chat.postMessage: timeout; will retry', (m) => app.fake.hangNext(m)],
      ['chat.postMessage: http_error_500; will retry', (m) => app.fake.failNext(m, { status: 500, afterWrite: true })],
      ['chat.postMessage: request_error; will retry', (m) => app.fake.failNext(m, { drop: true, afterWrite: true })],
    ];
    for (const [recorded, fault] of faults) {
      app.fake.reset();
      const number = await nextIncidentNumber(app);
      fault('chat.postMessage');
      const { answer } = await runCommand(app, `declare sev3 Card answer lost ${number}`, { userId: 'UALICE' });
      const channel = createdChannel(app);
      expect(answer.text, recorded).toContain('Sitrep retries the rest shortly');
      const cardPosts: RecordedCall[] = app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id);
      expect(cardPosts, recorded).toHaveLength(1);
      expect((await incidentRow(app, number)).declare_error).toBe(recorded);
      app.fake.releaseHung();
    }
  });
});
