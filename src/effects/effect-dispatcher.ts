import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { claimDueEffects, completeEffect, type Effect, type EffectOutcome, effectOutcome, failEffect, type NewEffect } from '../db/effect-store.js';
import type { Logger } from '../logger.js';

/** Does one kind of effect; returns what later effects may need (a message ts, a channel id). */
export type EffectHandler = (effect: Effect) => Promise<Record<string, unknown> | void>;

/**
 * How a handler says an effect failed. `retryable: false` gives up at once (a channel that is gone);
 * `retryAfterMs` asks for a later try than the backoff would (a rate limit's Retry-After).
 * Any other error thrown is taken as retryable.
 */
export class EffectFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'EffectFailure';
  }
}

export interface EffectDispatcherOptions {
  db: Db;
  logger: Logger;
  now: () => Date;
  handlers: Record<string, EffectHandler>;
  /** Effects running at once in this process; effects of different incidents share these slots. */
  concurrency: number;
  /** How long a claim lasts; another replica may take an effect over after that. Longer than any run. */
  leaseMs: number;
  /** How often to look for effects stored by other replicas, or retries come due. */
  pollMs: number;
  /** Tries before an effect is given up and reported. */
  maxAttempts: number;
  /** Wait before try n+1 after n failed tries. */
  backoffMs?: (attempts: number) => number;
  /**
   * Tells people an effect was given up (a message in the incident channel). Runs as an effect of its
   * own (`report`), stored with the failure: a throw is retried, and a post made through the report's
   * scope is found again rather than made twice.
   */
  onGaveUp?: (effect: Effect, error: string, report: Effect) => Promise<void>;
}

/** The effect that reports another given up; one given up itself is only logged. */
export const GAVE_UP_REPORT = 'effect.gave_up_reported';

/** The given-up effect and its last error, as the report effect carries them. */
interface GaveUpPayload {
  effect: Omit<Effect, 'createdAt' | 'claimToken'> & { createdAt: string };
  error: string;
}

const DEFAULT_BACKOFF = (attempts: number) => Math.min(1_000 * 2 ** (attempts - 1), 5 * 60_000);

/**
 * Runs the effects changes of state stored, each exactly once: claimed with a token, run by its
 * handler, recorded done only while the claim is still held. Effects of one incident and lane run in
 * order; different incidents' run side by side, so one slow or failing call never holds up another.
 */
export class EffectDispatcher {
  private readonly token = randomUUID();
  private running = 0;
  /** Runs finished so far: runDue looks again when one finished while it was claiming. */
  private finished = 0;
  private passing = false;
  private passAgain = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly claims = new Set<Promise<Effect[]>>();
  private readonly waiters = new Map<string, ((outcome: EffectOutcome) => void)[]>();

  constructor(private readonly options: EffectDispatcherOptions) {}

  /** Starts running effects in the background: at once, on every poke, and every pollMs. */
  start(): void {
    this.stopped = false;
    this.poke();
  }

  /** Something was stored: look for due effects now instead of at the next poll. */
  poke(): void {
    if (this.stopped) return;
    void this.pass();
  }

  /**
   * Claims and runs effects until none is due (the background loop's step; tests call it directly
   * with an injected clock). Resolves when the runs it started have finished.
   */
  async runDue(): Promise<void> {
    for (;;) {
      const finishedBefore = this.finished;
      const claimed = await this.claim();
      if (claimed.length > 0) continue;
      // A run that finished while claiming may have unblocked the next effect of its lane: look again.
      if (this.finished !== finishedBefore) continue;
      // A background pass may hold claims it has not started yet: wait for it as for a run.
      if (this.running === 0 && this.claims.size === 0) return;
      await Promise.race([...this.inFlight, ...[...this.claims].map((c) => c.catch(() => undefined))]);
    }
  }

  /** Resolves when the effect is done or failed for good (run here or by another replica). */
  async settled(id: string, timeoutMs: number): Promise<EffectOutcome | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outcome = await effectOutcome(this.options.db, id);
      if (!outcome || outcome.state !== 'pending' || Date.now() >= deadline) return outcome;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(250, Math.max(0, deadline - Date.now())));
        const list = this.waiters.get(id) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.waiters.set(id, list);
      });
    }
  }

  /** Stops claiming; waits for the runs under way. Unfinished effects stay stored for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private async pass(): Promise<void> {
    if (this.passing) {
      this.passAgain = true;
      return;
    }
    this.passing = true;
    try {
      do {
        this.passAgain = false;
        await this.claim().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not claim effects; trying again at the next poll'));
      } while (this.passAgain && !this.stopped);
    } finally {
      this.passing = false;
      this.schedulePoll();
    }
  }

  private schedulePoll(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.pass(), this.options.pollMs);
    this.timer.unref();
  }

  /** Claims as many due effects as there are free slots and starts them. */
  private async claim(): Promise<Effect[]> {
    const free = this.options.concurrency - this.running;
    if (free <= 0) return [];
    const claiming = claimDueEffects(this.options.db, { now: this.options.now(), limit: free, leaseMs: this.options.leaseMs, token: this.token });
    this.claims.add(claiming);
    let claimed: Effect[];
    try {
      claimed = await claiming;
    } finally {
      this.claims.delete(claiming);
    }
    for (const effect of claimed) {
      this.running += 1;
      const run = this.run(effect).finally(() => {
        this.running -= 1;
        this.finished += 1;
        this.inFlight.delete(run);
        // A finished run frees a slot and may unblock the next effect of its lane.
        this.poke();
      });
      this.inFlight.add(run);
    }
    return claimed;
  }

  private async run(effect: Effect): Promise<void> {
    const { db, logger, now } = this.options;
    const log = logger.child({ effect: effect.id, kind: effect.kind, incident: effect.incidentNumber ?? undefined, attempt: effect.attempts });
    const handler = effect.kind === GAVE_UP_REPORT ? this.reportGaveUp : this.options.handlers[effect.kind];
    try {
      if (!handler) throw new EffectFailure(`no handler for effect kind ${effect.kind}`, false);
      const result = await handler(effect);
      if (!(await completeEffect(db, effect, result ?? undefined, now()))) log.warn('effect done, but its claim had passed to another run: not recorded twice');
    } catch (error) {
      await this.failed(effect, error, log);
    } finally {
      const outcome = await effectOutcome(db, effect.id).catch(() => undefined);
      if (outcome && outcome.state !== 'pending') {
        for (const wake of this.waiters.get(effect.id) ?? []) wake(outcome);
        this.waiters.delete(effect.id);
      }
    }
  }

  private async failed(effect: Effect, error: unknown, log: Logger): Promise<void> {
    const { db, now, maxAttempts } = this.options;
    const message = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof EffectFailure) || error.retryable;
    const willRetry = retryable && effect.attempts < maxAttempts;
    const waitMs = error instanceof EffectFailure && error.retryAfterMs !== undefined ? error.retryAfterMs : (this.options.backoffMs ?? DEFAULT_BACKOFF)(effect.attempts);
    const retryAt = willRetry ? new Date(now().getTime() + waitMs) : undefined;
    const report = this.options.onGaveUp && effect.kind !== GAVE_UP_REPORT ? gaveUpReport(effect, message) : undefined;
    const recorded = await failEffect(db, effect, { error: message, retryAt, report }, now()).catch((dbError: unknown) => {
      // The claim lapses and the effect is tried again: never lost, at worst tried once more.
      log.warn({ err: dbError }, 'could not record the failed effect');
      return false;
    });
    if (willRetry) {
      log.warn({ err: message, retryAt }, 'effect failed; it will be tried again');
      return;
    }
    log.error({ err: message }, effect.kind === GAVE_UP_REPORT ? 'could not report an effect given up' : 'effect given up');
    if (recorded && report) this.poke();
  }

  /** Runs onGaveUp for the effect a report carries. */
  private readonly reportGaveUp: EffectHandler = async (report) => {
    const { effect, error } = report.payload as unknown as GaveUpPayload;
    await this.options.onGaveUp?.({ ...effect, claimToken: '', createdAt: new Date(effect.createdAt) }, error, report);
  };
}

/** The report of an effect given up: once per effect, in its incident's own lane so it never waits behind another. */
function gaveUpReport(effect: Effect, error: string): NewEffect {
  const carried: GaveUpPayload = {
    effect: { id: effect.id, kind: effect.kind, incidentNumber: effect.incidentNumber, lane: effect.lane, payload: effect.payload, attempts: effect.attempts, createdAt: effect.createdAt.toISOString() },
    error,
  };
  return { kind: GAVE_UP_REPORT, incidentNumber: effect.incidentNumber, lane: 'gave-up', dedupKey: `gave-up:${effect.id}`, payload: { ...carried } };
}
