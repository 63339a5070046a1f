import { declineTriageIncident } from '../db/alert-store.js';
import { ALERT_EFFECTS, oweAlertEffects } from './alert-effects.js';
import type { UseCaseContext } from './context.js';
import { lockTriageIncident } from './lock-triage-incident.js';

export interface DeclineAlertGroupInput {
  incidentNumber: number;
  declinedBy: string;
  /** Why it is not an incident, as the person wrote it. */
  reason: string;
}

/** Declines an alert group in triage (who, why); the triage message is edited to say so. */
export async function declineAlertGroup(ctx: UseCaseContext, input: DeclineAlertGroupInput): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const triage = await lockTriageIncident(trx, input.incidentNumber);
    await declineTriageIncident(trx, triage.number, input.declinedBy, input.reason, now);
    await oweAlertEffects(trx, triage.number, [{ kind: ALERT_EFFECTS.triageOutcome, dedupKey: `alerts-triage-outcome-${triage.number}` }], now);
  });
  ctx.effects.poke();
}
