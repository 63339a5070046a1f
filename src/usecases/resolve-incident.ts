import { updateIncident } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { resolveOpenPages } from '../paging/enqueue-page.js';
import { transition } from '../incidents/lifecycle.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { type ChannelledIncident, withIncidentLocked } from './load-incident.js';
import { INCIDENT_EFFECTS, oweIncidentEffects, runOwedEffects } from './incident-effects.js';

export interface ResolveIncidentInput {
  incidentNumber: number;
  resolvedBy: string;
  /** What fixed it, in a line. */
  text?: string | undefined;
}

/**
 * Marks an open incident resolved (nudges stop), then tells its channel and the announcement thread.
 * Of two people resolving at once, the second finds it resolved and hears so.
 */
export async function resolveIncident(ctx: UseCaseContext, input: ResolveIncidentInput): Promise<Incident> {
  const text = input.text?.trim() || undefined;
  const { resolved, noticeId } = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    // The time it is stored: of two changes at once, the later stored is the later on the timeline.
    const now = ctx.now();
    const change = transition(incident, { kind: 'resolve' }, now);
    const resolved = (await updateIncident(trx, incident.number, change.changes)) as ChannelledIncident;
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: 'resolved',
      authorId: input.resolvedBy,
      text: text ? `Resolved: ${text}` : 'Resolved',
      occurredAt: now,
      data: { from: change.from, note: text ?? null },
    });
    const noticeId = await oweIncidentEffects(trx, incident.number, { kind: INCIDENT_EFFECTS.resolved, by: input.resolvedBy, note: text ?? null, at: now.toISOString(), entryId }, now);
    await enqueueRuleEffects(trx, ctx, resolved, ['resolved', 'state_changed'], entryId);
    await resolveOpenPages(trx, incident.number, now);
    return { resolved, noticeId };
  });
  await runOwedEffects(ctx, { incidentNumber: resolved.number, noticeId, change: 'resolution' });
  return resolved;
}
