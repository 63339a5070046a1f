import type { Incident } from './incident.js';
import type { Milestone } from './types.js';

/** Where each milestone is kept on the incident. */
export const MILESTONE_FIELDS = {
  'impact-started': 'impactStartedAt',
  detected: 'detectedAt',
  mitigated: 'mitigatedAt',
} as const satisfies Record<Milestone, keyof Incident>;

/** `impact started`, `detected`, `mitigated`: as a sentence says it. */
export function milestoneLabel(milestone: Milestone): string {
  return milestone.replace('-', ' ');
}
