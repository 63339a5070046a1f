import { z } from 'zod';
import { IncidentError } from './errors.js';
import { formatClock, formatDateTime } from './time.js';
import type { IncidentPolicy } from './policy.js';
import { OPEN_STATES, type OpenState, type Severity } from './types.js';

/** Long enough for a real update, short enough for one Slack section. The form shows the same limit. */
export const MAX_UPDATE_LENGTH = 2_500;

/**
 * The length of an update as people typed and read it: the stored text is in the workspace's
 * markup, where `&`, `<` and `>` are written `&amp;`, `&lt;` and `&gt;`, each one character to a reader.
 */
export function visibleLength(storedText: string): number {
  return storedText.replace(/&(?:amp|lt|gt);/g, '&').length;
}

/** The one check of an update's text, on the text as it will be stored: some text, at most MAX_UPDATE_LENGTH as people count it. */
export function checkUpdateText(storedText: string): string {
  const text = storedText.trim();
  if (text === '' || visibleLength(text) > MAX_UPDATE_LENGTH) throw new IncidentError('update_text_invalid', { maxLength: MAX_UPDATE_LENGTH });
  return text;
}

export interface StatusUpdateRequest {
  state: OpenState | undefined;
  text: string;
}

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
    throw new IncidentError('update_keeps_open', {});
  }
  // The text is checked once, by the use case, on what it stores.
  return { state: state.success ? state.data : undefined, text: state.success ? rest.join(' ') : trimmed };
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
