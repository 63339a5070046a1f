import { updateIncident } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import type { Incident } from '../incidents/incident.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import { MILESTONE_FIELDS, milestoneLabel } from '../incidents/milestones.js';
import { formatDateTime } from '../incidents/time.js';
import type { Milestone } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { oweIncidentEffects } from './incident-effects.js';
import { withIncidentLocked } from './load-incident.js';

export interface RecordMilestoneInput {
  incidentNumber: number;
  milestone: Milestone;
  at: Date;
  recordedBy: string;
}

export interface RecordedMilestone {
  incident: Incident;
  /** The time recorded before this one, if any: a milestone can be corrected. */
  previous: Date | null;
}

/**
 * Records when impact started, was detected or mitigated, for the retrospective's measures.
 * Open and resolved incidents take milestones (they are often known only afterwards); the time
 * must have passed.
 */
export async function recordMilestone(ctx: UseCaseContext, input: RecordMilestoneInput): Promise<RecordedMilestone> {
  const now = ctx.now();
  const label = milestoneLabel(input.milestone);
  if (input.at.getTime() > now.getTime()) {
    throw new IncidentError('milestone_in_future', { at: input.at, milestone: label, timeZone: ctx.config.timezone });
  }
  const shown = formatDateTime(input.at, ctx.config.timezone);
  const field = MILESTONE_FIELDS[input.milestone];
  const recorded = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    assertChangeable(incident, 'milestones');
    const previous = incident[field];
    const updated = await updateIncident(trx, incident.number, { [field]: input.at });
    await appendSystemEntry(trx, incident.number, {
      kind: 'milestone',
      authorId: input.recordedBy,
      text: `Milestone: ${label} at ${shown}`,
      occurredAt: now,
      data: { milestone: input.milestone, at: input.at.toISOString(), previous: previous?.toISOString() ?? null },
    });
    await oweIncidentEffects(trx, incident.number, undefined, now);
    return { incident: updated, previous };
  });
  ctx.effects.poke();
  return recorded;
}
