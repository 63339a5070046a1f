import type { Db } from '../db/database.js';
import { enqueueEffects, type NewEffect } from '../db/effect-store.js';

/** Effect kinds alerts in owes Slack; their handlers are in src/slack/alert-effect-handlers.ts. */
export const ALERT_EFFECTS = {
  /** Posts or edits the triage message (in triage) or the alerts card (once declared), from what is stored. */
  message: 'alerts.message',
  /** Edits the triage message to say how triage ended (accepted, declined, merged). */
  triageOutcome: 'alerts.triage_outcome',
  /** "All alerts resolved" with Mark monitoring, in the incident channel. */
  allResolved: 'alerts.all_resolved',
  /** Says in the target's channel that a group from triage was merged into it. */
  merged: 'alerts.merged',
  /** A route's `declare: true`: declares the group's incident at once (needs the whole context). */
  declare: 'alerts.declare',
  /** Says in the channel of an incident declared at once why, and that nobody is commander yet. */
  declaredAtOnce: 'alerts.declared_at_once',
} as const;

/** One incident's alert messages run in order: the card is posted before it is edited. */
export const ALERT_LANE = 'alerts';

/** Stores the effects in the change's transaction; the caller pokes the queue once it is committed. */
export async function oweAlertEffects(trx: Db, incidentNumber: number, effects: readonly Omit<NewEffect, 'incidentNumber' | 'lane'>[], now: Date): Promise<void> {
  if (effects.length === 0) return;
  await enqueueEffects(
    trx,
    effects.map((effect) => ({ ...effect, incidentNumber, lane: ALERT_LANE })),
    now,
  );
}
