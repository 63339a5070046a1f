import type { Db } from '../db/database.js';
import { getFollowup, setFollowupMessage } from '../db/followup-store.js';
import { getIncident } from '../db/incident-store.js';
import { EffectFailure, type EffectHandler } from '../effects/effect-dispatcher.js';
import { dayIn } from '../incidents/followup.js';
import { SlackCallError } from '../usecases/slack-gateway.js';
import { FOLLOWUP_EFFECTS } from '../usecases/followups.js';
import { followupMessage } from './blocks/followup-message.js';
import type { SlackApi } from './slack-api.js';

export interface FollowupEffectDeps {
  db: Db;
  slack: SlackApi;
  timezone: string;
  now: () => Date;
}

/** Slack's failures as the dispatcher reads them: retry what may pass, give up on what never will. */
export async function asEffect<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SlackCallError) throw new EffectFailure(error.message, error.retryable);
    throw error;
  }
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
      if (followup.messageTs) {
        await asEffect(() => deps.slack.updateMessage(incident.channelId!, followup.messageTs!, message));
        return { ts: followup.messageTs };
      }
      const posted = await asEffect(() => deps.slack.postMessage(incident.channelId!, message));
      await setFollowupMessage(deps.db, incidentNumber, seq, posted.ts);
      return { ts: posted.ts };
    },
  };
}
