import { z } from 'zod';
import { IncidentError } from './errors.js';
import { formatClock, formatDateTime } from './time.js';
import type { IncidentPolicy } from './policy.js';
import { OPEN_STATES, type OpenState, type Severity } from './types.js';

/** Long enough for a real update, short enough for one Slack section. */
export const MAX_UPDATE_LENGTH = 2_500;

export interface StatusUpdateRequest {
  state: OpenState | undefined;
  text: string;
}

const updateText = z.string().trim().max(MAX_UPDATE_LENGTH, `A status update is at most ${MAX_UPDATE_LENGTH} characters.`);
const openState = z.enum(OPEN_STATES);

/**
 * `identified Bad deploy rolled back` → state + text; a first word that is not a state is text.
 * The text may be empty: the caller then opens the update form.
 */
export function parseUpdateArgs(args: string): StatusUpdateRequest {
  const trimmed = args.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const state = openState.safeParse(first.toLowerCase());
  if (['resolved', 'resolve', 'closed', 'close'].includes(first.toLowerCase())) {
    throw new IncidentError(
      'invalid_arguments',
      `A status update keeps the incident open. To resolve it use \`/incident resolve [text]\`; to close it, \`/incident close\`.`,
    );
  }
  const text = updateText.safeParse(state.success ? rest.join(' ') : trimmed);
  if (!text.success) throw new IncidentError('invalid_arguments', text.error.issues[0]!.message);
  return { state: state.success ? state.data : undefined, text: text.data };
}

/** When the next update is due: the time the update names, else the severity's cadence from now. */
export function nextUpdateDue(now: Date, severity: Severity, policy: IncidentPolicy, requestedMs?: number): Date {
  return new Date(now.getTime() + (requestedMs ?? policy.updateEveryMs(severity)));
}

/** `Next update by 14:35` in the zone; a time on another day names the date. */
export function nextUpdateLine(due: Date, now: Date, timeZone: string): string {
  const sameDay = formatDateTime(due, timeZone).slice(0, 10) === formatDateTime(now, timeZone).slice(0, 10);
  return `Next update by ${sameDay ? formatClock(due, timeZone) : formatDateTime(due, timeZone)}`;
}

const STANDARD_UPDATE_INTERVALS_MS = [15, 30, 60, 120, 240].map((minutes) => minutes * 60_000);

/** Choices for "next update in …": the usual intervals plus the severity's own cadence, shortest first. */
export function updateIntervalChoices(defaultMs: number): number[] {
  return [...new Set([...STANDARD_UPDATE_INTERVALS_MS, defaultMs])].sort((a, b) => a - b);
}
