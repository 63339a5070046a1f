// The policy over stand-in Web API calls that fail the way the WebClient reports Slack's failures.
import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SlackCallPolicy } from '../../../src/slack/transport/call-policy.js';
import { CallSlots } from '../../../src/slack/transport/call-slots.js';
import { MethodGates } from '../../../src/slack/transport/method-gates.js';
import { SlackCallError } from '../../../src/usecases/slack-gateway.js';

const rateLimited = (seconds: number) => Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError, retryAfter: seconds });
const http500 = () => Object.assign(new Error('500'), { code: ErrorCode.HTTPError, statusCode: 500 });
const timedOut = () => Object.assign(new Error('timeout'), { code: ErrorCode.RequestError, original: { name: 'TimeoutError' } });

/** A policy on a manual clock: sleeping advances it, and every sleep is written down. */
function policyOnClock(retries = 2, maxGateWaitMs = 10_000) {
  let now = 0;
  const slept: number[] = [];
  const gates = new MethodGates(() => now);
  const policy = new SlackCallPolicy({
    gates,
    slots: new CallSlots(10),
    retry: { retries, minTimeout: 100, factor: 2, maxTimeout: 1_000 },
    maxGateWaitMs,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  return { policy, gates, slept, clock: () => now };
}

/** A call that fails with the given errors in turn, then answers. */
function failing(...errors: Error[]) {
  const attempts: number[] = [];
  return {
    attempts,
    run: (clock: () => number) => async () => {
      attempts.push(clock());
      const error = errors.shift();
      if (error) throw error;
      return { ok: true };
    },
  };
}

describe('SlackCallPolicy', () => {
  it('waits out a 429 on that method only, then sends it again', async () => {
    const { policy, gates, clock } = policyOnClock();
    const post = failing(rateLimited(8));
    await expect(policy.call('chat.postMessage', post.run(clock))).resolves.toEqual({ ok: true });
    expect(post.attempts).toEqual([0, 8_000]);
    expect(gates.waitFor('views.open')).toBe(0);
  });

  it('makes later calls of a paused method wait for its gate, and other methods not at all', async () => {
    const { policy, gates, clock } = policyOnClock();
    gates.close('chat.postMessage', 5_000);
    const open = failing();
    await policy.call('views.open', open.run(clock));
    expect(open.attempts).toEqual([0]);
    const post = failing();
    await policy.call('chat.postMessage', post.run(clock));
    expect(post.attempts).toEqual([5_000]);
  });

  it('refuses at once, as rate_limited, a call whose method is paused longer than it may wait', async () => {
    const { policy, gates, clock } = policyOnClock(2, 10_000);
    gates.close('conversations.members', 20_000);
    const members = failing();
    await expect(policy.call('conversations.members', members.run(clock))).rejects.toMatchObject({ code: 'rate_limited', retryable: true });
    expect(members.attempts).toEqual([]);
  });

  it('never sends a non-idempotent call twice after a 500, a timeout or a dropped answer', async () => {
    const { policy, clock } = policyOnClock();
    for (const error of [http500(), timedOut()]) {
      const post = failing(error);
      const failure = await policy.call('chat.postMessage', post.run(clock)).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SlackCallError);
      expect(post.attempts).toHaveLength(1);
    }
    const create = failing(http500());
    await expect(policy.call('conversations.create', create.run(clock))).rejects.toMatchObject({ code: 'http_error_500' });
    expect(create.attempts).toHaveLength(1);
  });

  it('retries an idempotent call with backoff, up to the retries, and says timeout when Slack did not answer', async () => {
    const { policy, clock, slept } = policyOnClock(2);
    const topic = failing(timedOut(), http500());
    await expect(policy.call('conversations.setTopic', topic.run(clock))).resolves.toEqual({ ok: true });
    expect(topic.attempts).toEqual([0, 100, 300]);
    expect(slept).toEqual([100, 200]);

    const update = failing(timedOut(), timedOut(), timedOut());
    await expect(policy.call('chat.update', update.run(clock))).rejects.toMatchObject({ method: 'chat.update', code: 'timeout', retryable: true });
    expect(update.attempts).toHaveLength(3);
  });

  it('does not retry what Slack refused for good', async () => {
    const { policy, clock } = policyOnClock();
    const refused = Object.assign(new Error('refused'), { code: ErrorCode.PlatformError, data: { error: 'channel_not_found' } });
    const pin = failing(refused);
    await expect(policy.call('pins.add', pin.run(clock))).rejects.toMatchObject({ code: 'channel_not_found', retryable: false });
    expect(pin.attempts).toHaveLength(1);
  });

  it('lets forms past a full bound of ordinary calls', async () => {
    const policy = new SlackCallPolicy({ gates: new MethodGates(), slots: new CallSlots(1), retry: { retries: 0 }, maxGateWaitMs: 1_000 });
    let finishHung!: () => void;
    const hung = policy.call('conversations.history', () => new Promise<void>((resolve) => (finishHung = resolve)));
    const order: string[] = [];
    const queued = policy.call('chat.postMessage', async () => void order.push('chat.postMessage'));
    await policy.call('views.open', async () => void order.push('views.open'));
    expect(order).toEqual(['views.open']);
    finishHung();
    await Promise.all([hung, queued]);
    expect(order).toEqual(['views.open', 'chat.postMessage']);
  });
});
