import { describe, expect, it } from 'vitest';
import { IncidentError } from '../../src/incidents/errors.js';
import { assertChangeable, type LifecycleAction, transition } from '../../src/incidents/lifecycle.js';
import { INCIDENT_STATES, type IncidentState } from '../../src/incidents/types.js';
import { refusalText } from '../../src/slack/refusals.js';
import { todaysPolicy } from '../support/policy.js';

const now = new Date('2026-11-21T14:35:00Z');
const earlier = new Date('2026-11-21T13:00:00Z');

const incidentIn = (state: IncidentState, stamps: { identifiedAt?: Date; monitoringAt?: Date } = {}) => ({
  number: 7,
  state,
  identifiedAt: stamps.identifiedAt ?? null,
  monitoringAt: stamps.monitoringAt ?? null,
});

function refusal(state: IncidentState, action: LifecycleAction): IncidentError {
  try {
    transition(incidentIn(state), action, now);
  } catch (error) {
    expect(error).toBeInstanceOf(IncidentError);
    expect((error as IncidentError).code).toBe('illegal_transition');
    return error as IncidentError;
  }
  throw new Error(`${action.kind} from ${state} was allowed`);
}

type Expected = { to: IncidentState; changes: Record<string, unknown>; resolves?: boolean } | { refused: RegExp };

/** Every state × every action, with what it must do. */
const TABLE: Array<[IncidentState, LifecycleAction, Expected]> = [
  // A status update naming no state keeps the state.
  ['investigating', { kind: 'update' }, { to: 'investigating', changes: {} }],
  ['identified', { kind: 'update' }, { to: 'identified', changes: {} }],
  ['monitoring', { kind: 'update' }, { to: 'monitoring', changes: {} }],
  ['resolved', { kind: 'update' }, { refused: /INC-7 is resolved, so it takes no status updates.*reopen/ }],
  ['closed', { kind: 'update' }, { refused: /INC-7 is closed, so it takes no status updates/ }],
  // To investigating: allowed from any open state (updates may correct), refused once resolved or closed.
  ['investigating', { kind: 'update', to: 'investigating' }, { to: 'investigating', changes: {} }],
  ['identified', { kind: 'update', to: 'investigating' }, { to: 'investigating', changes: { state: 'investigating' } }],
  ['monitoring', { kind: 'update', to: 'investigating' }, { to: 'investigating', changes: { state: 'investigating' } }],
  ['resolved', { kind: 'update', to: 'investigating' }, { refused: /INC-7 is resolved/ }],
  ['closed', { kind: 'update', to: 'investigating' }, { refused: /INC-7 is closed/ }],
  // To identified: sets identifiedAt the first time.
  ['investigating', { kind: 'update', to: 'identified' }, { to: 'identified', changes: { state: 'identified', identifiedAt: now } }],
  ['identified', { kind: 'update', to: 'identified' }, { to: 'identified', changes: {} }],
  ['monitoring', { kind: 'update', to: 'identified' }, { to: 'identified', changes: { state: 'identified', identifiedAt: now } }],
  ['resolved', { kind: 'update', to: 'identified' }, { refused: /INC-7 is resolved/ }],
  ['closed', { kind: 'update', to: 'identified' }, { refused: /INC-7 is closed/ }],
  // To monitoring: sets monitoringAt the first time.
  ['investigating', { kind: 'update', to: 'monitoring' }, { to: 'monitoring', changes: { state: 'monitoring', monitoringAt: now } }],
  ['identified', { kind: 'update', to: 'monitoring' }, { to: 'monitoring', changes: { state: 'monitoring', monitoringAt: now } }],
  ['monitoring', { kind: 'update', to: 'monitoring' }, { to: 'monitoring', changes: {} }],
  ['resolved', { kind: 'update', to: 'monitoring' }, { refused: /INC-7 is resolved/ }],
  ['closed', { kind: 'update', to: 'monitoring' }, { refused: /INC-7 is closed/ }],
  // Resolve: any open state; not twice; not a closed incident.
  ['investigating', { kind: 'resolve' }, { to: 'resolved', changes: { state: 'resolved', resolvedAt: now }, resolves: true }],
  ['identified', { kind: 'resolve' }, { to: 'resolved', changes: { state: 'resolved', resolvedAt: now }, resolves: true }],
  ['monitoring', { kind: 'resolve' }, { to: 'resolved', changes: { state: 'resolved', resolvedAt: now }, resolves: true }],
  ['resolved', { kind: 'resolve' }, { refused: /INC-7 is already resolved/ }],
  ['closed', { kind: 'resolve' }, { refused: /INC-7 is closed; there is nothing to resolve/ }],
  // Close: an open incident is resolved on the way; a resolved one just closes; not twice.
  ['investigating', { kind: 'close' }, { to: 'closed', changes: { state: 'closed', resolvedAt: now, closedAt: now }, resolves: true }],
  ['identified', { kind: 'close' }, { to: 'closed', changes: { state: 'closed', resolvedAt: now, closedAt: now }, resolves: true }],
  ['monitoring', { kind: 'close' }, { to: 'closed', changes: { state: 'closed', resolvedAt: now, closedAt: now }, resolves: true }],
  ['resolved', { kind: 'close' }, { to: 'closed', changes: { state: 'closed', closedAt: now } }],
  ['closed', { kind: 'close' }, { refused: /INC-7 is already closed/ }],
  // Reopen: only a resolved or closed incident, back to investigating.
  ['investigating', { kind: 'reopen' }, { refused: /INC-7 is still open \(investigating\); there is nothing to reopen/ }],
  ['identified', { kind: 'reopen' }, { refused: /INC-7 is still open \(identified\)/ }],
  ['monitoring', { kind: 'reopen' }, { refused: /INC-7 is still open \(monitoring\)/ }],
  [
    'resolved',
    { kind: 'reopen' },
    { to: 'investigating', changes: { state: 'investigating', reopenedAt: now, resolvedAt: null, closedAt: null } },
  ],
  [
    'closed',
    { kind: 'reopen' },
    { to: 'investigating', changes: { state: 'investigating', reopenedAt: now, resolvedAt: null, closedAt: null } },
  ],
];

const describeAction = (a: LifecycleAction) => (a.kind === 'update' ? `update${a.to ? ` to ${a.to}` : ''}` : a.kind);

describe('incident lifecycle', () => {
  it('covers every state with every action', () => {
    const actions = new Set(TABLE.map(([, a]) => describeAction(a)));
    expect(actions.size).toBe(7);
    // Triage and declined incidents (alerts waiting for a person) are decided by triage, not by these actions.
    const lifecycleStates = INCIDENT_STATES.filter((state) => state !== 'triage' && state !== 'declined');
    expect(TABLE).toHaveLength(lifecycleStates.length * actions.size);
  });

  it.each(TABLE.map(([state, action, expected]) => [describeAction(action), state, action, expected] as const))(
    '%s from %s',
    (_name, state, action, expected) => {
      if ('refused' in expected) {
        // The refusal carries data; the sentence a person reads comes from the refusal table.
        expect(refusalText(refusal(state, action), todaysPolicy)).toMatch(expected.refused);
        return;
      }
      const change = transition(incidentIn(state), action, now);
      expect(change).toEqual({ from: state, to: expected.to, changes: expected.changes, resolves: expected.resolves ?? false });
    },
  );

  it('keeps the first identified and monitoring times when an incident returns to those states', () => {
    const incident = incidentIn('investigating', { identifiedAt: earlier, monitoringAt: earlier });
    expect(transition(incident, { kind: 'update', to: 'identified' }, now).changes).toEqual({ state: 'identified' });
    expect(transition(incident, { kind: 'update', to: 'monitoring' }, now).changes).toEqual({ state: 'monitoring' });
  });

  it('keeps identified time when a later update jumps straight to monitoring', () => {
    const change = transition(incidentIn('investigating'), { kind: 'update', to: 'monitoring' }, now);
    expect(change.changes).not.toHaveProperty('identifiedAt');
  });

  it('lets severity and roles change while open or resolved, not once closed', () => {
    for (const state of ['investigating', 'identified', 'monitoring', 'resolved'] as const) {
      expect(() => assertChangeable({ number: 7, state }, 'severity')).not.toThrow();
    }
    expect(() => assertChangeable({ number: 7, state: 'closed' }, 'severity')).toThrow(
      expect.objectContaining({ code: 'illegal_transition', data: { incident: 7, state: 'closed', action: 'change', what: 'severity' } }),
    );
  });
});
