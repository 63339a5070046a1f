import { allAlertsResolved, claimAlertGroupIncident, declineTriageIncident, groupDeclarationFailedBefore, upsertAlerts } from '../db/alert-store.js';
import type { Db } from '../db/database.js';
import { knownAlerts } from '../db/source-alert-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { type AlertNotification, notificationTitle } from '../integrations/alerts/notification.js';
import { routeAlertGroup } from '../integrations/alerts/routing.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { type IncidentState, isOpenState } from '../incidents/types.js';
import type { AlertsSection } from '../process/integrations-schema.js';
import { ALERT_EFFECTS, oweAlertEffects } from './alert-effects.js';
import { recordAlertEvents } from './record-alert-events.js';

export interface AlertIngestDeps {
  db: Db;
  policy: IncidentPolicy;
  /** The process file's `alerts:` section. */
  alerts: AlertsSection | undefined;
  /** Where triage messages go: alerts.triage_channel, else INCIDENTS_CHANNEL. */
  triageChannel: string | undefined;
  now: () => Date;
  /** Wakes the effect queue after a change that owes Slack work, when one runs in this process. */
  poke?: () => void;
}

export type AlertIngestResult = { outcome: 'ignored' } | { outcome: 'stored'; incidentNumber: number; state: IncidentState; created: boolean };

/** Slack edits of one incident's alert message are coalesced into windows this long. */
export const ALERT_EDIT_WINDOW_MS = 5_000;

export const DECLINED_BEFORE_TRIAGE = 'resolved before triage';

/** The effect that posts or edits an incident's triage message (or alerts card) from what is stored. */
export const ALERT_MESSAGE_EFFECT = ALERT_EFFECTS.message;

/**
 * Stores one notification about an alert group: the group's one open incident (made in triage when
 * new, or the incident it was merged into), every alert by fingerprint; a triage incident whose
 * alerts all resolved is declined, an accepted one is told "All alerts resolved", and a route's
 * `declare: true` owes the declaration. An incident whose declaration was abandoned (no channel could
 * be made) is declined as "could not be declared" and the group starts again in triage. The Slack side is owed as one coalescing effect per incident
 * and edit window, so a flapping group edits in place at most once a window, whatever the number
 * of notifications.
 */
export async function ingestAlertNotification(deps: AlertIngestDeps, notification: AlertNotification): Promise<AlertIngestResult> {
  const routing = routeAlertGroup(deps.alerts, notification, deps.policy);
  if (routing.ignore) return { outcome: 'ignored' };
  const now = deps.now();
  const detectedAt = new Date(Math.min(...notification.alerts.map((a) => a.startsAt.getTime()), now.getTime()));
  const result = await deps.db.transaction().execute(async (trx) => {
    const incident = await claimAlertGroupIncident(trx, {
      source: notification.source,
      alertKey: notification.groupKey,
      title: notificationTitle(notification),
      severity: routing.severity,
      state: 'triage',
      type: routing.type,
      declarerId: notification.source,
      triageChannelId: deps.triageChannel ?? null,
      detectedAt,
      nextUpdateDueAt: new Date(now.getTime() + deps.policy.updateEveryMs(routing.severity)),
      now,
    });
    // The old triage message says the abandoned one was declined; the new one gets its own below.
    if (incident.retired !== undefined) {
      await oweAlertEffects(trx, incident.retired, [{ kind: ALERT_EFFECTS.triageOutcome, dedupKey: `alerts-triage-outcome-retired-${incident.retired}` }], now);
    }
    const stored = (state: IncidentState) => ({ outcome: 'stored' as const, incidentNumber: incident.number, state, created: incident.created });
    const wasAllResolved = await allAlertsResolved(trx, incident.number);
    const before = await knownAlerts(trx, incident.number, notification.alerts.map((a) => a.fingerprint));
    await upsertAlerts(trx, incident.number, notification.alerts, now);
    const allResolvedNow = await allAlertsResolved(trx, incident.number);
    const windowEnd = new Date((Math.floor(now.getTime() / ALERT_EDIT_WINDOW_MS) + 1) * ALERT_EDIT_WINDOW_MS);
    // An accepted incident gets its own "All alerts resolved" entry (below); a triage one says it on the last alert's.
    await recordAlertEvents(trx, incident.number, before, notification.alerts, now, windowEnd, allResolvedNow && !isOpenState(incident.state));
    if (incident.state === 'triage' && allResolvedNow) {
      const declined = await declineTriageIncident(trx, incident.number, notification.source, DECLINED_BEFORE_TRIAGE, now);
      // Already resolved when first heard of (its incident resolved by people first): nobody needs to see it.
      if (declined && incident.created) return stored('declined');
      await oweMessage(trx, incident, now);
      return stored(declined ? 'declined' : incident.state);
    }
    // A route's `declare: true` once; if Slack could not make the group's channel, people decide in triage
    // from then on, instead of an incident made and abandoned per notification.
    if (incident.state === 'triage' && routing.declare && !(await groupDeclarationFailedBefore(trx, notification.source, notification.groupKey))) {
      // Declared by the effect's handler, which has the whole context; no triage message.
      await oweAlertEffects(trx, incident.number, [{ kind: ALERT_EFFECTS.declare, dedupKey: `alerts-declare-${incident.number}` }], now);
      return stored(incident.state);
    }
    if (isOpenState(incident.state) && allResolvedNow && !wasAllResolved) await oweAllResolved(trx, incident.number, notification.source, now);
    await oweMessage(trx, incident, now);
    return stored(incident.state);
  });
  deps.poke?.();
  return result;
}

/**
 * The triage message or alerts card, one effect per incident and window: later notifications in the
 * window are already covered, because the handler renders what is stored when it runs.
 */
function oweMessage(trx: Db, incident: { number: number; created: boolean }, now: Date): Promise<void> {
  const window = Math.floor(now.getTime() / ALERT_EDIT_WINDOW_MS);
  return oweAlertEffects(
    trx,
    incident.number,
    [
      {
        kind: ALERT_MESSAGE_EFFECT,
        dedupKey: incident.created ? `alerts-message-${incident.number}-first` : `alerts-message-${incident.number}-${window}`,
        runAfter: incident.created ? now : new Date((window + 1) * ALERT_EDIT_WINDOW_MS),
      },
    ],
    now,
  );
}

/** Said once each time the whole group resolves: Sitrep never resolves an accepted incident itself. */
async function oweAllResolved(trx: Db, incidentNumber: number, source: string, now: Date): Promise<void> {
  const entryId = await appendSystemEntry(trx, incidentNumber, {
    kind: 'alert',
    authorId: null,
    text: `All alerts resolved (${source})`,
    occurredAt: now,
    data: { event: 'all_resolved', source },
  });
  await oweAlertEffects(trx, incidentNumber, [{ kind: ALERT_EFFECTS.allResolved, dedupKey: `alerts-all-resolved-${entryId}` }], now);
}
