import type { Db } from '../db/database.js';
import { getFollowup, setFollowupMessage } from '../db/followup-store.js';
import { getIncident } from '../db/incident-store.js';
import { EffectFailure, type EffectHandler } from '../effects/effect-dispatcher.js';
import { dayIn, followupKey } from '../incidents/followup.js';
import { FOLLOWUP_EFFECTS, recordTrackerGivenUp } from '../usecases/followups.js';
import { REMINDER_EFFECTS } from '../usecases/send-followup-reminders.js';
import { keyOf } from '../incidents/incident.js';
import { formatDuration } from '../incidents/time.js';
import { followupLine, followupMessage } from './blocks/followup-message.js';
import { channelLink, escapeMrkdwn } from './blocks/text.js';
import type { SlackApi } from './slack-api.js';
import { effectScopedSlack, showInPlace, slackCall } from './effect-scoped-slack.js';
import type { GaveUpReporter } from './effect-gave-up.js';
import type { Logger } from '../logger.js';

export interface FollowupEffectDeps {
  db: Db;
  slack: SlackApi;
  timezone: string;
  now: () => Date;
  logger: Logger;
}

/** The follow-ups' effects: their messages in the incident channel, posted once then edited in place. */
export function followupEffectHandlers(deps: FollowupEffectDeps): Record<string, EffectHandler> {
  return {
    [FOLLOWUP_EFFECTS.show]: async (effect) => {
      const incidentNumber = effect.incidentNumber!;
      const seq = Number(effect.payload.seq);
      const [followup, incident] = await Promise.all([getFollowup(deps.db, incidentNumber, seq), getIncident(deps.db, incidentNumber)]);
      if (!followup || !incident?.channelId) throw new EffectFailure(`no follow-up ${incidentNumber}/${seq} or no channel`, false);
      const message = followupMessage(followup, dayIn(deps.now(), deps.timezone));
      const shown = await showInPlace(deps.slack, effect, deps.logger, { channel: incident.channelId, ts: followup.messageTs }, message, (ts) => setFollowupMessage(deps.db, incidentNumber, seq, ts));
      return { ts: 'edited' in shown ? shown.edited : shown.posted };
    },

    [REMINDER_EFFECTS.overdue]: async (effect) => {
      const { ownerId, today } = effect.payload as { ownerId: string; today: string };
      const refs = effect.payload.followups as { incident: number; seq: number }[];
      // As they are now: one done since the claim is left out; none left, no message.
      const current = await Promise.all(refs.map((r) => getFollowup(deps.db, r.incident, r.seq)));
      const still = current.filter((f) => f?.state === 'open');
      if (still.length === 0) return { sent: false };
      const lines = still.map((f) => followupLine(f!, today));
      const intro = still.length === 1 ? 'This follow-up of yours is overdue:' : `These ${still.length} follow-ups of yours are overdue:`;
      const sent = await slackCall(() => effectScopedSlack(deps.slack, effect, deps.logger).sendDirectMessage(ownerId, { text: [`:alarm_clock: ${intro}`, ...lines, 'Mark each Done or Won\'t do on its message in the incident channel (`/incident followups mine` lists them).'].join('\n') }));
      return { sent: true, ts: sent.ts };
    },

    [REMINDER_EFFECTS.retroDue]: async (effect) => {
      const incident = await getIncident(deps.db, effect.incidentNumber!);
      if (!incident || incident.state !== 'resolved' || !incident.resolvedAt) return { sent: false };
      const { commander } = effect.payload as { commander: string };
      const ago = formatDuration(deps.now().getTime() - incident.resolvedAt.getTime());
      const where = incident.channelId ? ` in ${channelLink(incident.channelId)}` : '';
      const sent = await slackCall(() =>
        effectScopedSlack(deps.slack, effect, deps.logger).sendDirectMessage(commander, {
          text: `:memo: ${keyOf(incident)} was resolved ${ago} ago and is not closed yet. Review its follow-ups and close it with \`/incident close\`${where} to write the retrospective.`,
        }),
      );
      return { sent: true, ts: sent.ts };
    },
  };
}

/**
 * A follow-up's tracker issue given up after its tries is said in the incident channel, naming the
 * follow-up and the tracker's answer; the follow-up itself stays, so its issue can be opened by hand.
 */
export function reportTrackerGivenUp(deps: { db: Db; trackerName: string | undefined; now: () => Date }): GaveUpReporter {
  return async (effect, error, slack) => {
    if (effect.kind !== FOLLOWUP_EFFECTS.track || effect.incidentNumber === null) return;
    const [followup, incident] = await Promise.all([getFollowup(deps.db, effect.incidentNumber, Number(effect.payload.seq)), getIncident(deps.db, effect.incidentNumber)]);
    if (!followup || !incident?.channelId) return;
    const tries = Math.max(effect.attempts, 1);
    // On the timeline first: given up is reported once, and the record must not depend on Slack.
    const entry = await recordTrackerGivenUp(deps, followup, { tracker: deps.trackerName ?? 'the tracker', error, tries, effectId: effect.id });
    const posted = await slack.postMessage(incident.channelId, {
      text: `:warning: Sitrep could not open an issue in ${deps.trackerName ?? 'the tracker'} for follow-up *${followupKey(followup)}* (${escapeMrkdwn(followup.text)}) after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${escapeMrkdwn(error.replace(/\.$/, ''))}. The follow-up is kept here; open its issue by hand.`,
    });
    await entry.linkMessage({ channel: incident.channelId, ts: posted.ts });
  };
}
