import { commanderOf, type Incident, keyOf, type RoleHolders } from '../../incidents/incident.js';
import type { SlackMessage } from '../slack-api.js';
import { channelLink, escapeMrkdwn, mention, SEVERITY_EMOJI, severityLabel, truncate } from './text.js';

/**
 * The incident's one message in INCIDENTS_CHANNEL, updated in place as it changes.
 * A private incident's title stays out of it.
 */
export function incidentAnnouncement(incident: Incident, roles: RoleHolders): SlackMessage {
  const key = keyOf(incident);
  const title = incident.private ? `${key} (private incident)` : `${key}: ${escapeMrkdwn(incident.title)}`;
  const where = incident.channelId ? channelLink(incident.channelId) : '_channel being created_';
  const line = `${SEVERITY_EMOJI[incident.severity]} *${severityLabel(incident.severity)}* · ${incident.state} · IC ${mention(commanderOf(incident, roles))} · ${where}`;
  const text = `${title} — ${severityLabel(incident.severity)} · ${incident.state}`;
  return {
    text: incident.private ? text : truncate(text, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(`:rotating_light: *${title}*\n${line}`, 3000) } }],
  };
}
