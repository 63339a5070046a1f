import type { UseCaseContext } from '../usecases/context.js';
import type { SlackApi } from './slack-api.js';
import { slackIncidentNotifier } from './slack-incident-notifier.js';
import { slackWorkspace } from './slack-workspace.js';

/** The use cases' context as the Slack listeners see it: with the whole Web API, for forms and answers. */
export interface SlackContext extends UseCaseContext {
  slack: SlackApi;
}

/** The use cases' context with Slack behind both ports. */
export function slackContext(parts: Omit<UseCaseContext, 'slack' | 'notifier' | 'workspace'> & { slack: SlackApi }): SlackContext {
  const { slack, config, logger, workspaceUrl, botUserId } = parts;
  return {
    ...parts,
    notifier: slackIncidentNotifier({ slack, config, logger, workspaceUrl, policy: parts.policy, types: parts.process.types }),
    workspace: slackWorkspace(slack, botUserId),
  };
}
