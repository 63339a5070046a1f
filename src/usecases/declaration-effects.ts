import type { Db } from '../db/database.js';
import { enqueueEffects, type NewEffect } from '../db/effect-store.js';
import type { DeclareFollowUp } from '../incidents/declaration.js';
import type { DeclarationOutcome } from './continue-declaration.js';
import { VIEWS_LANE } from './incident-effects.js';

/**
 * What a declaration owes once its room exists, as effects: stored with the room's id (same
 * transaction), run side by side by the dispatcher (`declaration-effect-handlers.ts`), each once.
 */
export const DECLARATION_EFFECTS: Record<DeclareFollowUp, string> = {
  invite: 'declaration.invite',
  topic: 'declaration.topic',
  card: 'declaration.card',
  announce: 'declaration.announce',
};

/**
 * Each in its own lane so none waits for another; the card shares the views lane, so a refresh of
 * the card stored meanwhile runs after the card exists and edits it.
 */
const LANE: Record<DeclareFollowUp, string> = {
  invite: 'declaration.invite',
  topic: 'declaration.topic',
  card: VIEWS_LANE,
  announce: 'declaration.announce',
};

/** Stores the follow-ups owed, once per incident however often a declaration is resumed. */
export async function oweDeclarationFollowUps(trx: Db, incidentNumber: number, owed: readonly DeclareFollowUp[], now: Date): Promise<void> {
  const effects: NewEffect[] = owed.map((what) => ({
    kind: DECLARATION_EFFECTS[what],
    incidentNumber,
    lane: LANE[what],
    dedupKey: `declare:${incidentNumber}:${what}`,
  }));
  if (effects.length > 0) await enqueueEffects(trx, effects, now);
}

/** The declarer told by direct message how a declaration the sweep finished went (the link, or why there is none). */
export const DECLARER_TOLD_EFFECT = 'declaration.declarer_told';

export interface DeclarerToldPayload {
  declarerId: string;
  status: 'declared' | 'pending' | 'abandoned';
  /** The Slack failure it stopped on, when it did. */
  error: { method: string; code: string; retryable: boolean } | null;
}

/**
 * Owes the declarer's message once per incident, however many sweeps finish or retry it: once that it
 * is still being set up, once how it ended (in that order: they share a lane).
 */
export async function oweDeclarerTold(db: Db, incidentNumber: number, payload: DeclarerToldPayload, now: Date): Promise<void> {
  const told = payload.status === 'pending' ? 'declarer_waiting' : 'declarer_told';
  await enqueueEffects(db, [{ kind: DECLARER_TOLD_EFFECT, incidentNumber, lane: 'declaration.declarer', dedupKey: `declare:${incidentNumber}:${told}`, payload: { ...payload } }], now);
}

/** What the declarer's message says, from how the declaration went. */
export function declarerToldPayload(declarerId: string, outcome: DeclarationOutcome): DeclarerToldPayload {
  const error = outcome.status === 'declared' ? null : { method: outcome.error.method, code: outcome.error.code, retryable: outcome.error.retryable };
  return { declarerId, status: outcome.status, error };
}
