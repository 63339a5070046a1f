import { allAlertsResolved, claimAlertGroupIncident, declineTriageIncident, upsertAlerts } from '../db/alert-store.js';
import type { Db } from '../db/database.js';
import { enqueueEffects } from '../db/effect-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { type AlertNotification, notificationTitle } from '../integrations/alerts/notification.js';
import { routeAlertGroup } from '../integrations/alerts/routing.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { type IncidentState, isOpenState } from '../incidents/types.js';
import type { AlertsSection } from '../process/integrations-schema.js';
import { ALERT_EFFECTS, oweAlertEffects } from './alert-effects.js';

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
 * new), every alert by fingerprint; a triage incident whose alerts all resolved is declined. The
 * Slack side is owed as one coalescing effect per incident and edit window, so a flapping group
 * edits in place at most once a window, whatever the number of notifications.
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
    const wasAllResolved = await allAlertsResolved(trx, incident.number);
    await upsertAlerts(trx, incident.number, notification.alerts, now);
    let state = incident.state;
    const allResolvedNow = await allAlertsResolved(trx, incident.number);
    if (state === 'triage' && allResolvedNow) {
      if (await declineTriageIncident(trx, incident.number, notification.source, DECLINED_BEFORE_TRIAGE, now)) state = 'declined';
    } else if (state === 'triage' && routing.declare) {
      // A route's `declare: true`: declared at once, with the whole context the effect's handler has;
      // no triage message. Later notifications before it runs owe nothing more than this one effect.
      await oweAlertEffects(trx, incident.number, [{ kind: ALERT_EFFECTS.declare, dedupKey: `alerts-declare-${incident.number}` }], now);
      return { outcome: 'stored' as const, incidentNumber: incident.number, state, created: incident.created };
    }
    if (isOpenState(state) && allResolvedNow && !wasAllResolved) {
      // Said once per time the whole group resolves; Sitrep never resolves an accepted incident itself.
      const entryId = await appendSystemEntry(trx, incident.number, {
        kind: 'alert',
        authorId: null,
        text: `All alerts resolved (${notification.source})`,
        occurredAt: now,
        data: { event: 'all_resolved', source: notification.source },
      });
      await oweAlertEffects(trx, incident.number, [{ kind: ALERT_EFFECTS.allResolved, dedupKey: `alerts-all-resolved-${entryId}` }], now);
    }
    // A group whose first notification is already resolved (its incident resolved by people first):
    // stored, declined, and not posted, since nobody needs to triage it.
    if (incident.created && state === 'declined') return { outcome: 'stored' as const, incidentNumber: incident.number, state, created: true };
    const window = Math.floor(now.getTime() / ALERT_EDIT_WINDOW_MS);
    await enqueueEffects(
      trx,
      [
        {
          kind: ALERT_MESSAGE_EFFECT,
          incidentNumber: incident.number,
          lane: 'alerts',
          // One per incident and window: later notifications in the window are already covered,
          // because the handler renders what is stored when it runs.
          dedupKey: incident.created ? `alerts-message-${incident.number}-first` : `alerts-message-${incident.number}-${window}`,
          runAfter: incident.created ? now : new Date((window + 1) * ALERT_EDIT_WINDOW_MS),
        },
      ],
      now,
    );
    return { outcome: 'stored' as const, incidentNumber: incident.number, state, created: incident.created };
  });
  deps.poke?.();
  return result;
}
