import { updateIncidentInState } from '../db/incident-store.js';
import { insertStatusUpdate, setStatusUpdateAnnouncement, type StatusUpdate } from '../db/status-update-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import { type Incident, keyOf } from '../incidents/incident.js';
import { transition } from '../incidents/lifecycle.js';
import { MAX_UPDATE_LENGTH, nextUpdateDue } from '../incidents/status-update.js';
import type { OpenState } from '../incidents/types.js';
import { statusUpdateMessage } from '../slack/blocks/status-update-message.js';
import { replyToAnnouncement } from './announce.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';
import { refreshIncidentViews } from './refresh-incident-views.js';

export interface PostStatusUpdateInput {
  incidentNumber: number;
  authorId: string;
  text: string;
  /** Sets the state too, through the lifecycle rules. */
  state?: OpenState | undefined;
  /** When the next update is due, from now; the severity's cadence when not given. */
  nextUpdateInMs?: number | undefined;
}

/** Posts a status update: in the channel, stored, state set if named, stale clock reset, on the timeline. */
export async function postStatusUpdate(ctx: UseCaseContext, input: PostStatusUpdateInput): Promise<{ incident: Incident; update: StatusUpdate }> {
  const text = input.text.trim();
  if (text === '' || text.length > MAX_UPDATE_LENGTH) {
    throw new IncidentError('invalid_arguments', `:information_source: A status update needs some text, at most ${MAX_UPDATE_LENGTH} characters.`);
  }
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  const now = ctx.now();
  const change = transition(incident, { kind: 'update', to: input.state }, now);
  const due = nextUpdateDue(now, incident.severity, ctx.policy, input.nextUpdateInMs);
  const stateChanged = change.to !== change.from;
  const shown: Incident = { ...incident, ...change.changes };
  const message = statusUpdateMessage(
    shown,
    { authorId: input.authorId, text, previousState: stateChanged ? change.from : undefined, nextUpdateDueAt: due },
    now,
    ctx.config.timezone,
    ctx.policy,
  );
  const posted = await ctx.slack.postMessage(incident.channelId, message);

  const saved = await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateIncidentInState(trx, incident.number, change.from, { ...change.changes, lastUpdateAt: now, nextUpdateDueAt: due });
    if (!updated) {
      throw new IncidentError('illegal_transition', `:information_source: ${keyOf(incident)} changed while you were posting; the update was posted but not recorded. Check its state and try again.`);
    }
    const update = await insertStatusUpdate(trx, {
      incidentNumber: incident.number,
      authorId: input.authorId,
      text,
      state: input.state ?? null,
      postedAt: now,
      nextUpdateDueAt: due,
      messageTs: posted.ts,
    });
    await appendSystemEntry(trx, incident.number, {
      kind: 'status_update',
      authorId: input.authorId,
      text,
      occurredAt: now,
      data: { state: input.state ?? null, nextUpdateDueAt: due.toISOString() },
      channelId: incident.channelId,
      messageTs: posted.ts,
    });
    if (stateChanged) {
      await appendSystemEntry(trx, incident.number, {
        kind: 'state_changed',
        authorId: input.authorId,
        text: `State changed from ${change.from} to ${change.to}`,
        occurredAt: now,
        data: { from: change.from, to: change.to },
      });
    }
    return { incident: updated, update };
  });

  if (ctx.policy.isMajor(saved.incident.severity)) {
    const replyTs = await replyToAnnouncement(ctx, saved.incident, message);
    if (replyTs) await setStatusUpdateAnnouncement(ctx.db, saved.update.id, replyTs);
  }
  await refreshIncidentViews(ctx, incident.number);
  return saved;
}
