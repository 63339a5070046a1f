import type { Db } from '../../db/database.js';
import { enqueueEffects } from '../../db/effect-store.js';
import { getFollowup, setFollowupTracker } from '../../db/followup-store.js';
import { getIncident, lockIncident } from '../../db/incident-store.js';
import { EffectFailure, type EffectHandler } from '../../effects/effect-dispatcher.js';
import { followupKey } from '../../incidents/followup.js';
import { keyOf } from '../../incidents/incident.js';
import { FOLLOWUP_EFFECTS, FOLLOWUP_LANE } from '../../usecases/followups.js';
import { type Tracker, TrackerError } from './tracker.js';

// The tracker's clock may be behind ours: issues created up to this long before the follow-up count.
const CLOCK_SLACK_MS = 60 * 60_000;

export interface TrackerEffectDeps {
  db: Db;
  /** Undefined when the process file names no tracker: the effect then does nothing. */
  tracker: Tracker | undefined;
  workspaceUrl: string;
  now: () => Date;
}

/** Opens the follow-up's issue in the tracker, stores its URL and shows it on the follow-up's message. */
export function trackerEffectHandlers(deps: TrackerEffectDeps): Record<string, EffectHandler> {
  return {
    [FOLLOWUP_EFFECTS.track]: async (effect) => {
      if (!deps.tracker) return { skipped: 'no tracker' };
      const incidentNumber = effect.incidentNumber!;
      const seq = Number(effect.payload.seq);
      const [followup, incident] = await Promise.all([getFollowup(deps.db, incidentNumber, seq), getIncident(deps.db, incidentNumber)]);
      if (!followup || !incident) throw new EffectFailure(`no follow-up ${incidentNumber}/${seq}`, false);
      if (followup.trackerUrl) return { url: followup.trackerUrl };
      const key = followupKey(followup);
      const channelUrl = incident.channelId ? `${deps.workspaceUrl.replace(/\/?$/, '/')}archives/${incident.channelId}` : undefined;
      try {
        // A retry may follow a create whose answer was lost: the tracker takes no idempotency key, so look first.
        const earlier = effect.attempts > 1 ? await deps.tracker.findIssue({ key, createdSince: new Date(followup.createdAt.getTime() - CLOCK_SLACK_MS) }) : undefined;
        const opened =
          earlier ??
          (await deps.tracker.createIssue({
            title: `${key}: ${followup.text}`,
            lines: [
              followup.text,
              '',
              `Follow-up of ${keyOf(incident)} (${incident.title}).`,
              `Owner in Slack: ${followup.ownerId}${followup.dueDate ? `, due ${followup.dueDate}` : ''}.`,
            ],
            links: [
              ...(channelUrl ? [{ label: `${keyOf(incident)} channel`, url: channelUrl }] : []),
              ...(followup.sourceLink ? [{ label: 'Source message', url: followup.sourceLink }] : []),
            ],
          }));
        await deps.db.transaction().execute(async (trx) => {
          // The incident first, as every change to it does: a Done clicked meanwhile (incident, then
          // this follow-up) must not deadlock with this (follow-up, then the incident by the effect's key).
          await lockIncident(trx, incidentNumber);
          await setFollowupTracker(trx, incidentNumber, seq, opened);
          await enqueueEffects(trx, [{ kind: FOLLOWUP_EFFECTS.show, incidentNumber, lane: FOLLOWUP_LANE, payload: { seq } }], deps.now());
        });
        return { url: opened.url, ...(earlier ? { found: true } : {}) };
      } catch (error) {
        if (error instanceof TrackerError) throw new EffectFailure(error.message, error.retryable, error.retryAfterMs);
        throw error;
      }
    },
  };
}
