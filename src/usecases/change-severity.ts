import { updateIncident } from '../db/incident-store.js';
import { appendSystemEntry, setEntryMessage } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import type { Severity } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { severityChangeEvents } from '../incidents/rules.js';
import { withIncidentLocked } from './load-incident.js';
import { refreshIncidentViews, tellAfterStoring } from './refresh-incident-views.js';

export interface ChangeSeverityInput {
  incidentNumber: number;
  severity: Severity;
  changedBy: string;
}

export type SeverityChange = { changed: false; incident: Incident } | { changed: true; incident: Incident; from: Severity };

/**
 * Changes the severity: stored with its time, on the timeline, the update cadence follows the new
 * severity from the last update; then the channel is told, and a rise to a major severity is announced.
 */
export async function changeSeverity(ctx: UseCaseContext, input: ChangeSeverityInput): Promise<SeverityChange> {
  const to = input.severity;
  const saved = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    // The time it is stored: of two changes at once, the later stored is the later on the timeline.
    const now = ctx.now();
    assertChangeable(incident, 'severity');
    const from = incident.severity;
    if (from === to) return { incident, from, entryId: undefined };
    const updated = await updateIncident(trx, incident.number, {
      severity: to,
      severityChangedAt: now,
      nextUpdateDueAt: new Date(incident.lastUpdateAt.getTime() + ctx.policy.updateEveryMs(to)),
    });
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: 'severity_changed',
      authorId: input.changedBy,
      text: `Severity ${ctx.policy.isRaise(from, to) ? 'raised' : 'lowered'} from ${ctx.policy.label(from)} to ${ctx.policy.label(to)}`,
      occurredAt: now,
      data: { from, to },
    });
    await enqueueRuleEffects(trx, ctx, updated, severityChangeEvents(ctx.policy.severityIds, from, to), entryId);
    return { incident: updated, from, entryId };
  });
  const { incident, from, entryId } = saved;
  if (entryId === undefined) return { changed: false, incident };

  const { notTold } = await tellAfterStoring(ctx, incident.number, 'severity change', async () => {
    const posted = await ctx.notifier.severityChanged(incident, { from, to, by: input.changedBy }, ctx.policy.isMajor(to) && ctx.policy.isRaise(from, to));
    await setEntryMessage(ctx.db, entryId, posted);
  });
  await refreshIncidentViews(ctx, incident.number);
  if (notTold) throw notTold;
  return { changed: true, incident, from };
}
