import { updateIncident } from '../db/incident-store.js';
import { getStatusUpdate, insertStatusUpdate, type StatusUpdate } from '../db/status-update-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { transition } from '../incidents/lifecycle.js';
import { checkUpdateText, nextUpdateDue } from '../incidents/status-update.js';
import type { OpenState } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { type ChannelledIncident, withIncidentLocked } from './load-incident.js';
import { INCIDENT_EFFECTS, oweIncidentEffects, runOwedEffects } from './incident-effects.js';

export interface PostStatusUpdateInput {
  incidentNumber: number;
  authorId: string;
  /** As it will be stored: in the workspace's markup. */
  text: string;
  /** Sets the state too, through the lifecycle rules, applied to the state as it is when stored. */
  state?: OpenState | undefined;
  /** When the next update is due, from now; the severity's cadence when not given. */
  nextUpdateInMs?: number | undefined;
}

/**
 * Stores a status update (state set if named, stale clock reset, on the timeline) with the post it
 * owes in the channel and, for a major incident, under the announcement (an effect, run once). Two updates at once are both
 * stored, one after the other; each names its state against the state the other left.
 */
export async function postStatusUpdate(ctx: UseCaseContext, input: PostStatusUpdateInput): Promise<{ incident: Incident; update: StatusUpdate }> {
  const text = checkUpdateText(input.text);
  const saved = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    // The time it is stored: of two changes at once, the later stored is the later on the timeline.
    const now = ctx.now();
    const change = transition(incident, { kind: 'update', to: input.state }, now);
    const due = nextUpdateDue(now, incident.severity, ctx.policy, input.nextUpdateInMs);
    const updated = await updateIncident(trx, incident.number, { ...change.changes, lastUpdateAt: now, nextUpdateDueAt: due });
    const update = await insertStatusUpdate(trx, {
      incidentNumber: incident.number,
      authorId: input.authorId,
      text,
      state: input.state ?? null,
      postedAt: now,
      nextUpdateDueAt: due,
      messageTs: null,
    });
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: 'status_update',
      authorId: input.authorId,
      text,
      occurredAt: now,
      data: { state: input.state ?? null, nextUpdateDueAt: due.toISOString() },
    });
    const stateChanged = change.to !== change.from;
    if (stateChanged) {
      const stateEntryId = await appendSystemEntry(trx, incident.number, {
        kind: 'state_changed',
        authorId: input.authorId,
        text: `State changed from ${change.from} to ${change.to}`,
        occurredAt: now,
        data: { from: change.from, to: change.to },
      });
      await enqueueRuleEffects(trx, ctx, updated, ['state_changed'], stateEntryId);
    }
    const noticeId = await oweIncidentEffects(
      trx,
      incident.number,
      { kind: INCIDENT_EFFECTS.statusUpdate, updateId: update.id, entryId, previousState: stateChanged ? change.from : null, announce: ctx.policy.isMajor(updated.severity) },
      now,
    );
    return { incident: updated as ChannelledIncident, update, noticeId };
  });

  await runOwedEffects(ctx, { incidentNumber: saved.incident.number, noticeId: saved.noticeId, change: 'status update' });
  // Where it was posted, when it already was; the dispatcher goes on trying otherwise.
  const update = (await getStatusUpdate(ctx.db, saved.update.id)) ?? saved.update;
  return { incident: saved.incident, update };
}
