import { getAlertMessageTarget, listAlerts, setTriageMessage } from '../db/alert-store.js';
import type { Db } from '../db/database.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { Logger } from '../logger.js';
import { ALERT_MESSAGE_EFFECT } from '../usecases/ingest-alert-notification.js';
import { triageMessage } from './blocks/triage-message.js';
import type { SlackApi } from './slack-api.js';

export interface AlertEffectDeps {
  db: Db;
  slack: SlackApi;
  policy: IncidentPolicy;
  logger: Logger;
}

/**
 * The Slack side of alerts in. The message effect renders what is stored when it runs, so one run
 * covers every notification of its window: posted once in the triage channel, then edited in place.
 */
export function alertEffectHandlers(deps: AlertEffectDeps): Record<string, EffectHandler> {
  return {
    [ALERT_MESSAGE_EFFECT]: async (effect) => {
      if (effect.incidentNumber === null) return;
      const target = await getAlertMessageTarget(deps.db, effect.incidentNumber);
      if (!target?.triageChannelId) {
        deps.logger.warn({ incident: effect.incidentNumber }, 'alert group has no triage channel (set alerts.triage_channel or INCIDENTS_CHANNEL)');
        return;
      }
      const message = triageMessage(deps.policy, target, await listAlerts(deps.db, target.number));
      if (target.triageTs) {
        await deps.slack.updateMessage(target.triageChannelId, target.triageTs, message);
        return { edited: target.triageTs };
      }
      const posted = await deps.slack.postMessage(target.triageChannelId, message);
      await setTriageMessage(deps.db, target.number, posted.ts);
      return { posted: posted.ts };
    },
  };
}
