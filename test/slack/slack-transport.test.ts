// Slack calls that are rate limited or never answered, against the real app: one method's trouble
// holds up nothing else. Order is read from the times the fake recorded each call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, FAST_RETRIES, type TestApp } from '../support/app-harness.js';
import { effectsOfIncident } from '../../src/db/effect-store.js';
import { createdChannel, declarationsSettled, INCIDENTS_CHANNEL, incidentRow, nextIncidentNumber, runCommand, startDeclareApp } from './declare-support.js';

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
    // Alice's card and announcement go out side by side: the one not limited may have been sent with it.
    const isLimitedPost = (c: { args: Record<string, unknown> }) => c.args.channel === limited.args.channel && c.args.text === limited.args.text;
    const retry = await eventually(() => app.fake.callsTo('chat.postMessage').find((c) => isLimitedPost(c) && c.status === 200), 15_000, 'the limited post, retried');
    await eventually(() => app.fake.callsTo('chat.postMessage').some((c) => String(c.args.text).includes('Another incident') && c.status === 200), 15_000, 'Carol\'s posts');
    const posts = app.fake.callsTo('chat.postMessage');

    expect(form.status).toBe(200);
    expect(form.at).toBeLessThan(retry.at);
    expect(carolTopic.at).toBeLessThan(retry.at);
    // No post sent after the 429 went out while the method was paused, and Alice's limited post was posted once.
    const sentAfter = posts.filter((c) => c !== limited && String(c.args.text).includes('Another incident'));
    expect(sentAfter.length).toBeGreaterThan(0);
    for (const post of [retry, ...sentAfter]) expect(post.at - limited.at).toBeGreaterThanOrEqual(8_000 - 10);
    expect(posts.filter((c) => isLimitedPost(c) && c.status === 200)).toHaveLength(1);
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

  it('gives up a call after SLACK_API_TIMEOUT, answers the declarer meanwhile, and sets the topic on a later try', { timeout: 30_000 }, async () => {
    const number = await nextIncidentNumber(app);
    app.fake.hangNext('conversations.setTopic', ATTEMPTS);
    const alice = await app.slack.command('declare sev1 Topic hangs', { userId: 'UALICE' });
    await app.fake.waitFor('conversations.setTopic', () => true, 10_000);

    const bob = await app.slack.command('declare', { userId: 'UBOB' });
    const form = await app.fake.waitFor('views.open', (a) => a.trigger_id === bob.triggerId);
    expect(form.status).toBe(200);

    // The link does not wait for the topic: the topic is set by an effect of its own.
    const answer = await app.fake.waitFor('response_url', (a) => a.url === alice.responseUrl, 15_000);
    const channel = createdChannel(app);
    expect(answer.args.text).toContain(`<#${channel.id}>`);
    expect(answer.at).toBeLessThan(app.fake.callsTo('conversations.setTopic')[0]!.at + 1_000);

    // An idempotent call is tried again after a timeout, up to the retries; the effect then tries once more.
    await declarationsSettled(app);
    const topics = app.fake.callsTo('conversations.setTopic');
    expect(topics).toHaveLength(ATTEMPTS + 1);
    expect(topics.at(-1)!.response.ok).toBe(true);
    expect(app.fake.getChannel(channel.id)!.topic.value).toBe('SEV1 · investigating · IC <@UALICE>');
    expect(await incidentRow(app, number)).toMatchObject({ declare_step: 'announced', declare_error: null });
    app.fake.releaseHung();
  });

  it('never posts twice when a post\'s answer is lost: timeout, 500 after the write, dropped connection', { timeout: 60_000 }, async () => {
    const faults: Array<[string, (method: string) => void]> = [
      ['timeout', (m) => app.fake.hangNext(m)],
      ['500 after the write', (m) => app.fake.failNext(m, { status: 500, afterWrite: true })],
      ['dropped after the write', (m) => app.fake.failNext(m, { drop: true, afterWrite: true })],
    ];
    for (const [fault, inject] of faults) {
      app.fake.reset();
      const number = await nextIncidentNumber(app);
      inject('chat.postMessage');
      const { answer } = await runCommand(app, `declare sev3 Post answer lost ${number}`, { userId: 'UALICE' });
      const channel = createdChannel(app);
      expect(answer.text, fault).toContain(`<#${channel.id}>`);
      // The card or the announcement (whichever went first) failed; its effect's retry found it or posted it once.
      const retried = (await effectsOfIncident(app.sitrep.ctx.db, number)).filter((e) => e.attempts > 1);
      expect(retried.map((e) => [e.kind, e.state]), fault).toEqual([[expect.stringMatching(/^declaration\.(card|announce)$/), 'done']]);
      expect(app.fake.messages(channel.id).filter((m) => m.user === app.fake.botUserId), fault).toHaveLength(1);
      expect(app.fake.messages(INCIDENTS_CHANNEL).filter((m) => String(m.text).startsWith(`INC-${number}:`)), fault).toHaveLength(1);
      app.fake.releaseHung();
    }
  });
});
