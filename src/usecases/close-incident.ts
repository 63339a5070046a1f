import { updateIncident } from '../db/incident-store.js';
import { saveRetrospective, type StoredRetrospective } from '../db/retrospective-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError, isIncidentError } from '../incidents/errors.js';
import type { Incident } from '../incidents/incident.js';
import { transition } from '../incidents/lifecycle.js';
import { writeRetrospective } from '../incidents/retrospective.js';
import { headlineOf } from '../incidents/retrospective/figures.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { gatherRetrospective } from './gather-retrospective.js';
import { loadIncident, withIncidentLocked } from './load-incident.js';
import { INCIDENT_EFFECTS, oweIncidentEffects, runOwedEffects } from './incident-effects.js';
import { resolveIncident } from './resolve-incident.js';
import { SlackCallError } from './slack-gateway.js';

export interface CloseIncidentInput {
  incidentNumber: number;
  closedBy: string;
}

export interface ClosedIncident {
  incident: Incident;
  /** The version stored, with its file id once the workspace took the file. */
  retrospective: StoredRetrospective;
  /** Why the workspace would not take the file, when it would not: the draft is stored and the incident closed either way. */
  uploadError: SlackCallError | undefined;
}

/**
 * Closes an incident: resolves it first if still open (as `/incident resolve` does), writes the
 * retrospective draft, stores it as the next version together with the close (the incident locked,
 * so of two closes at once one closes and the other hears it is closed), then posts the draft as a
 * Markdown file with the headline figures and announces the close.
 */
export async function closeIncident(ctx: UseCaseContext, input: CloseIncidentInput): Promise<ClosedIncident> {
  const before = await loadIncident(ctx.db, input.incidentNumber);
  if (transition(before, { kind: 'close' }, ctx.now()).resolves) await resolveFirst(ctx, input);

  // Read outside the lock (it may wait on people's names); decided again below on the locked row.
  const now = ctx.now();
  const read = await loadIncident(ctx.db, input.incidentNumber);
  const record = await gatherRetrospective(ctx, { ...read, ...transition(read, { kind: 'close' }, now).changes }, now);

  const saved = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    // Reopened since the read: the close resolves it on the way, as closing an open incident does.
    const change = transition(incident, { kind: 'close' }, now);
    const closed = await updateIncident(trx, incident.number, change.changes);
    const retrospective = await saveRetrospective(trx, incident.number, {
      write: (version) => writeRetrospective({ ...record, incident: closed, version }, ctx.timeline.markup),
      createdBy: input.closedBy,
      createdAt: now,
    });
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: 'closed',
      authorId: input.closedBy,
      text: `Closed; retrospective draft version ${retrospective.version}`,
      occurredAt: now,
      data: { from: change.from, version: retrospective.version },
    });
    // The draft is posted by the effect queue: stored with the close, so a crash or a Slack outage delays it, never loses it.
    const noticeId = await oweIncidentEffects(trx, incident.number, {
      kind: INCIDENT_EFFECTS.closed,
      version: retrospective.version,
      closedBy: input.closedBy,
      headline: headlineOf({ ...record, incident: closed }),
    }, now);
    await enqueueRuleEffects(trx, ctx, closed, ['closed', 'state_changed'], entryId);
    return { incident: closed, retrospective, noticeId };
  });

  const { incident, retrospective, noticeId } = saved;
  const told = await runOwedEffects(ctx, { incidentNumber: incident.number, noticeId, change: 'close' });
  const fileId = typeof told?.fileId === 'string' ? told.fileId : null;
  const refused = told?.uploadError as { method: string; code: string } | undefined;
  return { incident, retrospective: { ...retrospective, fileId }, uploadError: refused ? new SlackCallError(refused.method, refused.code, false) : undefined };
}

/** Resolves as `/incident resolve` does. Someone resolving or closing it meanwhile is no error: the close decides again. */
async function resolveFirst(ctx: UseCaseContext, input: CloseIncidentInput): Promise<void> {
  try {
    await resolveIncident(ctx, { incidentNumber: input.incidentNumber, resolvedBy: input.closedBy });
  } catch (error) {
    if (isIncidentError(error, 'illegal_transition')) return;
    // The resolution is stored; the close goes on and tells its own news.
    if (error instanceof IncidentError && error.code === 'stored_not_posted') return;
    throw error;
  }
}
