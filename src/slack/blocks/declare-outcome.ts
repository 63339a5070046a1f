import { keyOf } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { SlackMessage } from '../slack-api.js';
import type { DeclareOutcome } from '../../usecases/declare-incident.js';
import { describeSlackError } from '../error-text.js';
import { channelLink, escapeMrkdwn } from './text.js';

/** What the declarer is told once the declare steps have run: the channel link, or why there is none yet. */
export function declareOutcomeMessage(outcome: DeclareOutcome, policy: IncidentPolicy): SlackMessage {
  const { incident } = outcome;
  const named = `*${keyOf(incident)}* (${policy.label(incident.severity)}) ${escapeMrkdwn(incident.title)}`;
  const reason = outcome.status === 'pending' || outcome.status === 'abandoned' ? ` (${describeSlackError(outcome.error)})` : '';
  if (incident.abandonedAt) {
    return {
      text: `:warning: ${named} could not be declared: Slack could not create its channel${reason}. It is not listed as open; once that is fixed, declare it again.`,
    };
  }
  if (outcome.status === 'interrupted') {
    return {
      text: `:hourglass_flowing_sand: ${named} is declared, but setting up its channel was interrupted (Sitrep lost its database for a moment). Sitrep finishes it and will message you the link; no need to declare it again.`,
    };
  }
  if (!incident.channelId) {
    return {
      text: `:hourglass_flowing_sand: ${named} is declared, but Slack could not create its channel yet${reason}. Sitrep keeps trying and will message you the link.`,
    };
  }
  return { text: `:rotating_light: ${named} is declared: ${channelLink(incident.channelId)}` };
}
