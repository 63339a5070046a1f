import type { IncidentTypeDefinition } from '../process/process-schema.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident } from '../db/incident-store.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { Logger } from '../logger.js';
import { effectPurpose, incidentEffectHandlers } from '../usecases/incident-effect-handlers.js';
import type { MessageMetadata, PostedMessage, SlackApi } from './slack-api.js';
import { slackIncidentNotifier } from './slack-incident-notifier.js';
import { slackWorkspace } from './slack-workspace.js';

export const EFFECT_EVENT_TYPE = 'sitrep_effect';

// How far back a retry looks for the post an earlier try made: the effect's post is recent.
const LOOKBACK_MESSAGES = 100;

export interface SlackEffectDeps {
  db: Db;
  slack: SlackApi;
  config: Pick<Config, 'incidentsChannel' | 'timezone'>;
  logger: Logger;
  workspaceUrl: string;
  policy: IncidentPolicy;
  /** The process file's incident types: a refreshed card keeps showing the type and its runbook. */
  types?: readonly IncidentTypeDefinition[];
  botUserId: string;
}

/**
 * The Web API as one run of one effect uses it: every post carries the effect's id (and its place
 * among the effect's posts) as message metadata, and a run after a failed one first looks for that
 * post in the channel (or thread) and takes it instead of posting again: a 500 or a timeout after
 * Slack posted does not make a second message.
 */
export function effectScopedSlack(slack: SlackApi, effect: Effect, logger: Logger): SlackApi {
  let part = 0;
  const findEarlier = async (channel: string, threadTs: string | undefined, metadata: MessageMetadata): Promise<PostedMessage | undefined> => {
    try {
      const page = threadTs ? await slack.replies(channel, threadTs, { limit: LOOKBACK_MESSAGES }) : await slack.history(channel, { limit: LOOKBACK_MESSAGES });
      const found = page.messages.find(
        (m) => m.metadata?.event_type === EFFECT_EVENT_TYPE && m.metadata.event_payload?.effect_id === metadata.event_payload.effect_id && m.metadata.event_payload?.part === metadata.event_payload.part,
      );
      return found ? { channel, ts: found.ts } : undefined;
    } catch (error) {
      // Not readable (a direct message by user id): post; at worst once more, as before.
      logger.warn({ err: error, effect: effect.id }, 'could not look for an earlier post of this effect');
      return undefined;
    }
  };
  const scoped: SlackApi = {
    ...slack,
    async postMessage(channel, message) {
      part += 1;
      const metadata: MessageMetadata = { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_id: effect.id, part } };
      if (effect.attempts > 1) {
        const earlier = await findEarlier(channel, message.threadTs, metadata);
        if (earlier) {
          logger.info({ effect: effect.id, channel, ts: earlier.ts }, 'an earlier try had posted this; not posting again');
          return earlier;
        }
      }
      return slack.postMessage(channel, { ...message, metadata });
    },
    sendDirectMessage(userId, message) {
      return scoped.postMessage(userId, message);
    },
  };
  return scoped;
}

/** The handlers of the lifecycle's effects, over Slack. */
export function slackIncidentEffectHandlers(deps: SlackEffectDeps): Record<string, EffectHandler> {
  return incidentEffectHandlers({
    db: deps.db,
    notifierFor: (effect) => slackIncidentNotifier({ ...deps, slack: effectScopedSlack(deps.slack, effect, deps.logger) }),
    workspace: slackWorkspace(deps.slack, deps.botUserId),
    logger: deps.logger,
    policy: deps.policy,
  });
}

/** An effect given up after its tries is told in its incident's channel, so people know to do it by hand. */
export function reportGaveUpInChannel(deps: Pick<SlackEffectDeps, 'db' | 'slack'>) {
  return async (effect: Effect, error: string): Promise<void> => {
    if (effect.incidentNumber === null) return;
    const incident = await getIncident(deps.db, effect.incidentNumber);
    if (!incident?.channelId) return;
    const tries = Math.max(effect.attempts, 1);
    await deps.slack.postMessage(incident.channelId, {
      text: `:warning: Sitrep could not ${effectPurpose(effect.kind)} after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${error}`,
    });
  };
}
