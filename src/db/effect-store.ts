import { sql } from 'kysely';
import type { Db } from './database.js';
import type { EffectRow } from './effects-table.js';

/** An effect a change of state owes, named in incident terms; its handler decides how it is done. */
export interface NewEffect {
  kind: string;
  incidentNumber: number | null;
  payload?: Record<string, unknown>;
  /** Effects of one incident in one lane run in the order they were stored; lanes run side by side. */
  lane?: string;
  /** When given, a second effect with the same key is not stored: the change owes it once. */
  dedupKey?: string;
  /** Not before this time (default: at once). */
  runAfter?: Date;
}

export interface Effect {
  id: string;
  kind: string;
  incidentNumber: number | null;
  lane: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** The claim this run holds; recording the outcome checks it is still ours. */
  claimToken: string;
  createdAt: Date;
}

export interface EffectOutcome {
  id: string;
  state: 'pending' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
  result: Record<string, unknown> | null;
}

/**
 * Stores effects inside the caller's transaction, so they exist exactly when the change does.
 * Returns the ids of those stored (a deduplicated one is left out).
 */
export async function enqueueEffects(trx: Db, effects: NewEffect[], now: Date): Promise<string[]> {
  if (effects.length === 0) return [];
  const rows = await trx
    .insertInto('effects')
    .values(
      effects.map((e) => ({
        kind: e.kind,
        incident_number: e.incidentNumber,
        lane: e.lane ?? 'main',
        payload: JSON.stringify(e.payload ?? {}),
        dedup_key: e.dedupKey ?? null,
        run_after: e.runAfter ?? now,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => String(r.id));
}

/**
 * Claims up to `limit` due effects for `leaseMs`: pending, due, not claimed by a live run, and the
 * first still pending of their incident and lane (so one incident's effects run in order, while
 * other incidents' go on). SKIP LOCKED lets replicas claim side by side without waiting on each other.
 */
export async function claimDueEffects(db: Db, options: { now: Date; limit: number; leaseMs: number; token: string }): Promise<Effect[]> {
  if (options.limit <= 0) return [];
  const until = new Date(options.now.getTime() + options.leaseMs);
  const { rows } = await sql<EffectRow>`
    with ready as (
      select e.id from effects e
      where e.state = 'pending' and e.run_after <= ${options.now}
        and (e.claimed_until is null or e.claimed_until < ${options.now})
        and not exists (
          select 1 from effects earlier
          where earlier.state = 'pending' and earlier.lane = e.lane and earlier.id < e.id
            and earlier.incident_number is not distinct from e.incident_number)
      order by e.run_after, e.id
      limit ${options.limit}
      for update skip locked
    )
    update effects set claim_token = ${options.token}, claimed_until = ${until}, attempts = effects.attempts + 1
    from ready where effects.id = ready.id
    returning effects.*`.execute(db);
  return rows.map((row) => ({
    id: String(row.id),
    kind: row.kind,
    incidentNumber: row.incident_number,
    lane: row.lane,
    payload: row.payload,
    attempts: row.attempts,
    claimToken: options.token,
    createdAt: row.created_at,
  }));
}

/** Records an effect done, only while the run still holds its claim; false when it was fenced out. */
export async function completeEffect(db: Db, effect: Effect, result: Record<string, unknown> | undefined, now: Date): Promise<boolean> {
  const done = await db
    .updateTable('effects')
    .set({ state: 'done', finished_at: now, result: result ? JSON.stringify(result) : null, claim_token: null, claimed_until: null, last_error: null })
    .where('id', '=', effect.id)
    .where('claim_token', '=', effect.claimToken)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

/**
 * Puts a failed run back for a later try, or marks it failed for good; fenced like completeEffect.
 * Given up, the effect that reports it (`report`) is stored in the same transaction: reported once, even across a crash.
 */
export async function failEffect(
  db: Db,
  effect: Effect,
  outcome: { error: string; retryAt: Date | undefined; report?: NewEffect | undefined },
  now: Date,
): Promise<boolean> {
  const record = async (trx: Db) => {
    const updated = await trx
      .updateTable('effects')
      .set(
        outcome.retryAt
          ? { run_after: outcome.retryAt, last_error: outcome.error, claim_token: null, claimed_until: null }
          : { state: 'failed', finished_at: now, last_error: outcome.error, claim_token: null, claimed_until: null },
      )
      .where('id', '=', effect.id)
      .where('claim_token', '=', effect.claimToken)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  };
  const report = outcome.retryAt ? undefined : outcome.report;
  if (!report) return record(db);
  return db.transaction().execute(async (trx) => {
    const recorded = await record(trx);
    if (recorded) await enqueueEffects(trx, [report], now);
    return recorded;
  });
}

export async function effectOutcome(db: Db, id: string): Promise<EffectOutcome | undefined> {
  const row = await db.selectFrom('effects').select(['id', 'state', 'attempts', 'last_error', 'result']).where('id', '=', id).executeTakeFirst();
  return row && { id: String(row.id), state: row.state, attempts: row.attempts, lastError: row.last_error, result: row.result };
}

/** The effects of one incident, oldest first (for tests, the CLI and the web pages). */
export async function effectsOfIncident(db: Db, incidentNumber: number): Promise<(EffectOutcome & { kind: string; lane: string })[]> {
  const rows = await db
    .selectFrom('effects')
    .select(['id', 'kind', 'lane', 'state', 'attempts', 'last_error', 'result'])
    .where('incident_number', '=', incidentNumber)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, lane: r.lane, state: r.state, attempts: r.attempts, lastError: r.last_error, result: r.result }));
}

/** How many effects wait and how old the oldest is, for /metrics. */
export async function pendingEffectsSummary(db: Db, now: Date): Promise<{ count: number; oldestAgeSeconds: number }> {
  const row = await db
    .selectFrom('effects')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  const oldest = row.oldest as Date | null;
  return { count: Number(row.count), oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000) : 0 };
}

/**
 * Stores an effect unless one of the same kind for the same incident is still waiting to start: that
 * one will read the state this change leaves, so a burst of changes owes one run, not one each. The
 * waiting one is locked until this transaction ends, so no dispatcher starts it on the state before.
 */
export async function enqueueCoalescedEffect(trx: Db, effect: NewEffect & { incidentNumber: number }, now: Date): Promise<string | undefined> {
  const waiting = await trx
    .selectFrom('effects')
    .select(['id', 'run_after'])
    .where('kind', '=', effect.kind)
    .where('incident_number', '=', effect.incidentNumber)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .forUpdate()
    .executeTakeFirst();
  if (waiting) {
    // A waiting run deferred to the end of an edit window must not hold back a person's change.
    const runAfter = effect.runAfter ?? now;
    if (runAfter.getTime() < new Date(waiting.run_after).getTime()) {
      await trx.updateTable('effects').set({ run_after: runAfter }).where('id', '=', waiting.id).execute();
    }
    return String(waiting.id);
  }
  const [id] = await enqueueEffects(trx, [effect], now);
  return id;
}
