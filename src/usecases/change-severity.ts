import { updateIncident } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import type { Severity } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { severityChangeEvents } from '../incidents/rules.js';
import { withIncidentLocked } from './load-incident.js';
import { INCIDENT_EFFECTS, oweIncidentEffects, runOwedEffects } from './incident-effects.js';

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
    if (from === to) return { incident, from, changed: false, noticeId: undefined };
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
    const announce = ctx.policy.isMajor(to) && ctx.policy.isRaise(from, to);
    const noticeId = await oweIncidentEffects(trx, incident.number, { kind: INCIDENT_EFFECTS.severityChanged, from, to, by: input.changedBy, announce, entryId }, now);
    await enqueueRuleEffects(trx, ctx, updated, severityChangeEvents(ctx.policy.severityIds, from, to), entryId);
    return { incident: updated, from, changed: true, noticeId };
  });
  const { incident, from, changed, noticeId } = saved;
  if (!changed) return { changed: false, incident };
  await runOwedEffects(ctx, { incidentNumber: incident.number, noticeId, change: 'severity change' });
  return { changed: true, incident, from };
}
