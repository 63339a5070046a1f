import type { Incident } from '../../src/incidents/incident.js';

/** Declared 2026-11-21 14:00 UTC, next update due 14:30: the times the pure tests reason from. */
export const DECLARED_AT = new Date('2026-11-21T14:00:00Z');

/** A fully declared, open sev2 incident for the pure tests; override what a test is about. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  const number = overrides.number ?? 1;
  return {
    number,
    title: `Incident ${number}`,
    description: '',
    severity: 'sev2',
    state: 'investigating',
    private: false,
    declarerId: 'UALICE',
    channelId: `C0INC${number}`,
    channelName: `inc-${number}-x`,
    cardTs: null,
    announcementTs: null,
    declareStep: 'announced',
    declareError: null,
    abandonedAt: null,
    declaredAt: DECLARED_AT,
    identifiedAt: null,
    monitoringAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenedAt: null,
    severityChangedAt: DECLARED_AT,
    impactStartedAt: null,
    detectedAt: null,
    mitigatedAt: null,
    lastUpdateAt: DECLARED_AT,
    nextUpdateDueAt: new Date('2026-11-21T14:30:00Z'),
    ...overrides,
  };
}
