import type { RetryOptions } from '@slack/web-api';
import { SlackCallError } from '../../usecases/slack-gateway.js';
import { retryAfterMs, toSlackCallError } from './call-error.js';
import type { CallSlots } from './call-slots.js';
import type { MethodGates } from './method-gates.js';

/**
 * Methods that do the same thing when sent twice, so a call whose answer was lost (timeout, 5xx,
 * dropped connection) may be sent again. Anything else (chat.postMessage, conversations.create,
 * uploads, chat.postEphemeral…) would be doubled by a blind retry: only a 429, which Slack answers
 * without doing anything, is retried for them.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'auth.test',
  'chat.getPermalink',
  'chat.update',
  'conversations.history',
  'conversations.info',
  'conversations.invite',
  // Opens the same direct-message channel however often it is asked.
  'conversations.open',
  'conversations.replies',
  'conversations.setPurpose',
  'conversations.setTopic',
  'pins.add',
  'users.conversations',
  'users.info',
  'views.publish',
  'views.update',
]);

/** Forms: their trigger id expires 3 s after the click, so they never queue behind other calls. */
export const FORM_METHODS: ReadonlySet<string> = new Set(['views.open', 'views.push']);

export interface SlackCallPolicyOptions {
  gates: MethodGates;
  /** Bounds ordinary calls in flight; forms do not take a slot. */
  slots: CallSlots;
  /** Attempts after the first, and the backoff between them (retryable failures only). */
  retry: RetryOptions;
  /** A call that would wait longer than this at a closed gate is refused as rate_limited, so its caller reschedules. */
  maxGateWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How Sitrep calls Slack: each method behind its own rate-limit gate, forms first, and a retry
 * only when sending again cannot do a thing twice. The client underneath neither retries nor
 * pauses (see clientOptions in app.ts); its `timeout` bounds each request.
 */
export class SlackCallPolicy {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackCallPolicyOptions) {
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs `request` (one Web API call of `method`); a failure comes out as a SlackCallError. */
  async call<T>(method: string, request: () => Promise<T>): Promise<T> {
    const retries = this.options.retry.retries ?? 0;
    for (let attempt = 0; ; attempt++) {
      await this.passGate(method);
      try {
        return await this.send(method, request);
      } catch (error) {
        const failure = toSlackCallError(method, error);
        const pause = retryAfterMs(error);
        if (pause !== undefined) this.options.gates.close(method, pause);
        const mayRetry = pause !== undefined || (failure.retryable && IDEMPOTENT_METHODS.has(method));
        if (attempt >= retries || !mayRetry) throw failure;
        // After a 429 the gate is the wait; otherwise back off.
        if (pause === undefined) await this.sleep(this.backoff(attempt));
      }
    }
  }

  private async passGate(method: string): Promise<void> {
    for (let wait = this.options.gates.waitFor(method); wait > 0; wait = this.options.gates.waitFor(method)) {
      if (wait > this.options.maxGateWaitMs) throw new SlackCallError(method, 'rate_limited', true);
      await this.sleep(wait);
    }
  }

  private async send<T>(method: string, request: () => Promise<T>): Promise<T> {
    if (FORM_METHODS.has(method)) return request();
    const release = await this.options.slots.acquire();
    try {
      return await request();
    } finally {
      release();
    }
  }

  private backoff(attempt: number): number {
    const { minTimeout = 250, maxTimeout = 2_000, factor = 2 } = this.options.retry;
    return Math.min(maxTimeout, minTimeout * factor ** attempt);
  }
}
