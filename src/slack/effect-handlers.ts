import type { IncidentTypeDefinition } from '../process/process-schema.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { getIncident } from '../db/incident-store.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { Logger } from '../logger.js';
import { effectPurpose, incidentEffectHandlers } from '../usecases/incident-effect-handlers.js';
import type { SlackApi } from './slack-api.js';
import { effectScopedSlack } from './effect-scoped-slack.js';
import { slackIncidentNotifier } from './slack-incident-notifier.js';
import type { GaveUpReporter } from './effect-gave-up.js';
import { slackWorkspace } from './slack-workspace.js';

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
export function reportGaveUpInChannel(deps: Pick<SlackEffectDeps, 'db'>): GaveUpReporter {
  return async (effect, error, slack) => {
    if (effect.incidentNumber === null) return;
    const incident = await getIncident(deps.db, effect.incidentNumber);
    if (!incident?.channelId) return;
    const tries = Math.max(effect.attempts, 1);
    await slack.postMessage(incident.channelId, {
      text: `:warning: Sitrep could not ${effectPurpose(effect.kind)} after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${error}`,
    });
  };
}
