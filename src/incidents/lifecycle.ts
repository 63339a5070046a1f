import { IncidentError } from './errors.js';
import type { Incident } from './incident.js';
import { type IncidentState, isOpenState, type OpenState } from './types.js';

/**
 * The incident's state rules, in one place:
 * - a status update may move an open incident to any other open state, backwards included
 *   (an update may correct "identified" back to "investigating"); it needs an open incident;
 * - resolve takes an open incident to `resolved`; close takes a resolved one (or an open one,
 *   resolving it on the way) to `closed`; reopen takes a resolved or closed one back to `investigating`;
 * - a closed incident is read-only until reopened (no severity or role changes).
 */
export type LifecycleAction = { kind: 'update'; to?: OpenState } | { kind: 'resolve' } | { kind: 'close' } | { kind: 'reopen' };

export type StateTimestamps = Pick<Incident, 'state' | 'identifiedAt' | 'monitoringAt' | 'resolvedAt' | 'closedAt' | 'reopenedAt'>;

export interface StateChange {
  from: IncidentState;
  to: IncidentState;
  /** Fields to store; empty when the state stays as it is (an update naming no state, or the current one). */
  changes: Partial<StateTimestamps>;
  /** True when this transition marks the incident resolved (resolve, or close of an open incident). */
  resolves: boolean;
}

type Subject = Pick<Incident, 'number' | 'state' | 'identifiedAt' | 'monitoringAt'>;

function illegal(incident: Pick<Incident, 'number' | 'state'>, action: 'update' | 'resolve' | 'close' | 'reopen' | 'change', what?: string): IncidentError {
  return new IncidentError('illegal_transition', { incident: incident.number, state: incident.state, action, ...(what ? { what } : {}) });
}

/** What `action` does to `incident` at `now`, or an IncidentError('illegal_transition') saying why it cannot. */
export function transition(incident: Subject, action: LifecycleAction, now: Date): StateChange {
  const from = incident.state;
  const open = isOpenState(from);
  const same = (): StateChange => ({ from, to: from, changes: {}, resolves: false });

  switch (action.kind) {
    case 'update': {
      if (!open) {
        throw illegal(incident, 'update');
      }
      const to = action.to;
      if (to === undefined || to === from) return same();
      const changes: Partial<StateTimestamps> = { state: to };
      // The first time counts: a later return to the same state keeps the original time.
      if (to === 'identified' && incident.identifiedAt === null) changes.identifiedAt = now;
      if (to === 'monitoring' && incident.monitoringAt === null) changes.monitoringAt = now;
      return { from, to, changes, resolves: false };
    }
    case 'resolve':
      if (!open) throw illegal(incident, 'resolve');
      return { from, to: 'resolved', changes: { state: 'resolved', resolvedAt: now }, resolves: true };
    case 'close':
      if (from === 'closed') throw illegal(incident, 'close');
      if (open) return { from, to: 'closed', changes: { state: 'closed', resolvedAt: now, closedAt: now }, resolves: true };
      return { from, to: 'closed', changes: { state: 'closed', closedAt: now }, resolves: false };
    case 'reopen':
      if (open) throw illegal(incident, 'reopen');
      // The earlier resolution stays on the timeline; the columns describe the current run.
      return {
        from,
        to: 'investigating',
        changes: { state: 'investigating', reopenedAt: now, resolvedAt: null, closedAt: null },
        resolves: false,
      };
  }
}

/** Severity and roles can be corrected while open or resolved; a closed incident is read-only until reopened. */
export function assertChangeable(incident: Pick<Incident, 'number' | 'state'>, what: string): void {
  if (incident.state === 'closed') {
    throw illegal(incident, 'change', what);
  }
}
