/** Why the domain refused something. The Slack edge turns each code into one ephemeral sentence. */
export const INCIDENT_ERROR_CODES = [
  'not_an_incident_channel',
  'incident_not_found',
  'illegal_transition',
  'invalid_arguments',
  'role_holder_is_bot',
  'role_holder_missing',
  'channel_not_created',
  'slack_unavailable',
] as const;
export type IncidentErrorCode = (typeof INCIDENT_ERROR_CODES)[number];

export class IncidentError extends Error {
  constructor(
    readonly code: IncidentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IncidentError';
  }
}
