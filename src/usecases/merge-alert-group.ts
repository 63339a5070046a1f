import { mergeTriageRow } from '../db/alert-store.js';
import { lockIncident } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import { isOpenState, incidentKey } from '../incidents/types.js';
import { ALERT_EFFECTS, oweAlertEffects } from './alert-effects.js';
import type { UseCaseContext } from './context.js';
import { lockTriageIncident } from './lock-triage-incident.js';

export interface MergeAlertGroupInput {
  incidentNumber: number;
  into: number;
  mergedBy: string;
}

/**
 * Merges an alert group in triage into an open incident: its alerts attached to that incident (and
 * its later notifications update it), on that incident's timeline and said in its channel; the
 * triage message is edited to say where it went.
 */
export async function mergeAlertGroup(ctx: UseCaseContext, input: MergeAlertGroupInput): Promise<void> {
  const now = ctx.now();
  const notOpen = new IncidentError('merge_target_not_open', { incident: input.incidentNumber, target: input.into });
  if (input.into === input.incidentNumber) throw notOpen;
  await ctx.db.transaction().execute(async (trx) => {
    // Both rows locked, the lower number first, so two merges the other way round cannot deadlock.
    const lockTarget = () => lockIncident(trx, input.into);
    const target = input.into < input.incidentNumber ? await lockTarget() : undefined;
    const triage = await lockTriageIncident(trx, input.incidentNumber);
    const into = target ?? (await lockTarget());
    if (!into || !isOpenState(into.state) || into.abandonedAt || !into.channelId) throw notOpen;
    await mergeTriageRow(trx, triage.number, into.number, input.mergedBy, `merged into ${incidentKey(into.number)}`, now);
    const entryId = await appendSystemEntry(trx, into.number, {
      kind: 'alert',
      authorId: input.mergedBy,
      text: `Alerts of ${incidentKey(triage.number)} merged in from triage: ${ctx.workspace.markup(triage.title)}`,
      occurredAt: now,
      data: { event: 'merged', from: triage.number, source: triage.source },
    });
    await oweAlertEffects(trx, triage.number, [{ kind: ALERT_EFFECTS.triageOutcome, dedupKey: `alerts-triage-outcome-${triage.number}` }], now);
    await oweAlertEffects(
      trx,
      into.number,
      [
        { kind: ALERT_EFFECTS.merged, dedupKey: `alerts-merged-${entryId}`, payload: { from: triage.number, title: triage.title, by: input.mergedBy } },
        { kind: ALERT_EFFECTS.message, dedupKey: `alerts-merged-card-${entryId}` },
      ],
      now,
    );
  });
  ctx.effects.poke();
}
