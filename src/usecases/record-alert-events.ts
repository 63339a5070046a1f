import type { Db } from '../db/database.js';
import { appendAlertEvents, detectedNoLaterThan, hasChannel } from '../db/source-alert-store.js';
import { alertEvents, type KnownAlert, markAllResolved, type ReportedAlert } from '../incidents/alert-events.js';
import { oweIncidentEffects } from './incident-effects.js';

/**
 * After a notification's alerts are stored: puts what changed on the timeline (fired, fired again,
 * resolved, the last one resolved), moves `detected` back to an earlier alert start, and refreshes the
 * card of an incident that has a channel when its alerts changed, at most once per edit window. A
 * re-sent alert changes nothing, so a group re-sent every few seconds adds nothing to the timeline.
 */
export async function recordAlertEvents(
  trx: Db,
  incidentNumber: number,
  before: ReadonlyMap<string, KnownAlert>,
  reported: readonly ReportedAlert[],
  now: Date,
  /** The end of the notification's edit window: the card is refreshed then, at most once a window. */
  refreshAt: Date,
  /** Nothing of the group fires now, and the last resolution says so (a triage incident's; an accepted one has its own entry). */
  sayAllResolved: boolean,
): Promise<void> {
  if (reported.length > 0) await detectedNoLaterThan(trx, incidentNumber, new Date(Math.min(...reported.map((a) => a.startsAt.getTime()))));
  const events = alertEvents(before, reported, now);
  if (events.length === 0) return;
  await appendAlertEvents(trx, incidentNumber, markAllResolved(events, sayAllResolved));
  // A triage incident has no card yet; the triage message is edited by its own effect.
  if (await hasChannel(trx, incidentNumber)) await oweIncidentEffects(trx, incidentNumber, undefined, now, refreshAt);
}
