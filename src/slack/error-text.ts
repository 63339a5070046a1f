import type { IncidentPolicy } from '../incidents/policy.js';
import { IncidentError } from '../incidents/errors.js';
import { SlackCallError } from '../usecases/slack-gateway.js';
import { refusalText } from './refusals.js';

/** Slack's error codes, in words a responder can act on. */
const SLACK_ERRORS: Record<string, string> = {
  name_taken: 'a channel with that name already exists',
  restricted_action: 'this workspace does not let the bot create channels',
  missing_scope: 'the Slack app lacks a permission it needs (reinstall it from the manifest)',
  channel_not_found: 'the channel no longer exists',
  is_archived: 'the channel is archived',
  not_in_channel: 'the bot is not in that channel',
  invalid_auth: 'Slack rejected the bot token',
  rate_limited: 'Slack is rate limiting the bot; it will try again',
  timeout: 'Slack did not answer in time',
  expired_trigger_id: 'the request took too long; please try again',
};

export function describeSlackError(error: SlackCallError): string {
  if (error.code === 'request_error' || error.code.startsWith('http_error_')) return 'Slack could not be reached or is having trouble';
  return SLACK_ERRORS[error.code] ?? `Slack answered \`${error.code}\``;
}

/** The one place a refusal or failure becomes the sentence a responder reads. */
export function errorText(error: unknown, policy: IncidentPolicy): string {
  if (error instanceof IncidentError) return refusalText(error, policy);
  if (error instanceof SlackCallError) return `:warning: Slack could not do that: ${describeSlackError(error)}.`;
  return ':warning: Something went wrong on our side; it has been logged. Please try again.';
}
