import { commanderOf, type Incident, keyOf, type RoleHolders } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { SlackMessage } from '../slack-api.js';
import { channelLink, escapeMrkdwn, mention, severityEmoji, truncate } from './text.js';

/**
 * The incident's one message in INCIDENTS_CHANNEL, updated in place as it changes.
 * A private incident's title stays out of it.
 */
/** `webUrl`: PUBLIC_URL when the web pages are on; the line then links to the incident's page. */
export function incidentAnnouncement(incident: Incident, roles: RoleHolders, policy: IncidentPolicy, webUrl?: string): SlackMessage {
  const key = keyOf(incident);
  const title = incident.private ? `${key} (private incident)` : `${key}: ${escapeMrkdwn(incident.title)}`;
  const where = incident.channelId ? channelLink(incident.channelId) : '_channel being created_';
  const line = `${severityEmoji(policy, incident.severity)} *${policy.label(incident.severity)}* · ${incident.state} · IC ${mention(commanderOf(incident, roles, policy))} · ${where}${webUrl ? ` · <${webUrl}/incidents/${key}|Incident page>` : ''}`;
  const text = `${title} — ${policy.label(incident.severity)} · ${incident.state}`;
  return {
    text: incident.private ? text : truncate(text, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(`:rotating_light: *${title}*\n${line}`, 3000) } }],
  };
}
