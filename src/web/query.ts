import type { TimelineCursor } from '../db/timeline-read-store.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { INCIDENT_STATES, type IncidentState, OPEN_STATES } from '../incidents/types.js';

/** `INC-42` (any case) or `42` → 42. */
export function incidentNumberOf(key: string | undefined): number | undefined {
  const match = /^(?:inc-)?(\d{1,9})$/i.exec(key ?? '');
  return match ? Number(match[1]) : undefined;
}

/** `open`, or one state: the states it means; anything else means no filter. */
export function statesOf(value: string | null): IncidentState[] | undefined {
  if (value === 'open') return [...OPEN_STATES];
  return INCIDENT_STATES.includes(value as IncidentState) ? [value as IncidentState] : undefined;
}

export function severityOf(policy: IncidentPolicy, value: string | null): string | undefined {
  return value ? policy.findSeverity(value)?.id : undefined;
}

export function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

export function wordsOf(value: string | null): string[] {
  return (value ?? '').split(/\s+/).filter((w) => w !== '').slice(0, 10);
}

/** `?after=<entry id>`, `?before=<entry id>` or `?at=end`: where the timeline shown starts; its start otherwise. */
export function timelineCursorOf(query: URLSearchParams): TimelineCursor {
  const after = query.get('after');
  const before = query.get('before');
  if (after) return { after };
  if (before) return { before };
  return { at: query.get('at') === 'end' ? 'end' : 'start' };
}
