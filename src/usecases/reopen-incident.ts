import { updateIncident } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { transition } from '../incidents/lifecycle.js';
import { nextUpdateDue } from '../incidents/status-update.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { type ChannelledIncident, withIncidentLocked } from './load-incident.js';
import { INCIDENT_EFFECTS, oweIncidentEffects, runOwedEffects } from './incident-effects.js';

export interface ReopenIncidentInput {
  incidentNumber: number;
  reopenedBy: string;
}

/**
 * Takes a resolved or closed incident back to investigating. Reopening counts as an update, as
 * declaring does: the stale clock starts again from now.
 */
export async function reopenIncident(ctx: UseCaseContext, input: ReopenIncidentInput): Promise<Incident> {
  const { reopened, noticeId } = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    // The time it is stored: of two changes at once, the later stored is the later on the timeline.
    const now = ctx.now();
    const change = transition(incident, { kind: 'reopen' }, now);
    const reopened = (await updateIncident(trx, incident.number, {
      ...change.changes,
      lastUpdateAt: now,
      nextUpdateDueAt: nextUpdateDue(now, incident.severity, ctx.policy),
    })) as ChannelledIncident;
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: 'reopened',
      authorId: input.reopenedBy,
      text: `Reopened from ${change.from}: back to investigating`,
      occurredAt: now,
      data: { from: change.from },
    });
    const noticeId = await oweIncidentEffects(trx, incident.number, { kind: INCIDENT_EFFECTS.reopened, by: input.reopenedBy, entryId }, now);
    await enqueueRuleEffects(trx, ctx, reopened, ['reopened', 'state_changed'], entryId);
    return { reopened, noticeId };
  });
  await runOwedEffects(ctx, { incidentNumber: reopened.number, noticeId, change: 'reopening' });
  return reopened;
}
