import type { KnownBlock } from '@slack/types';
import { commanderOf, keyOf } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { formatDuration } from '../../incidents/time.js';
import type { SlackMessage } from '../slack-api.js';
import { channelLink, escapeMrkdwn, mention, severityEmoji, truncate } from './text.js';
import type { ListedIncident } from '../../usecases/incident-visibility.js';


/** One line per incident: severity, key and title, state, commander, channel, age. */
export function incidentLine({ incident, roles }: ListedIncident, now: Date, policy: IncidentPolicy): string {
  const where = incident.channelId ? ` · ${channelLink(incident.channelId)}` : '';
  const lock = incident.private ? ' :lock:' : '';
  const age = formatDuration(now.getTime() - incident.declaredAt.getTime());
  return truncate(
    `${severityEmoji(policy, incident.severity)} *${policy.label(incident.severity)}* *${keyOf(incident)}*${lock} ${escapeMrkdwn(incident.title)} · ${incident.state} · IC ${mention(commanderOf(incident, roles, policy))}${where} · ${age}`,
    600,
  );
}

// A section holds 3000 characters; lines are capped at 600, so four per section always fit.
const LINES_PER_SECTION = 4;
// An ephemeral message holds 50 blocks; the heading and the "more" line take two.
const MAX_SECTIONS = 48;

/** `/incident list`: the open incidents the asker may see, most severe first. */
export function incidentList(incidents: ListedIncident[], now: Date, policy: IncidentPolicy): SlackMessage {
  if (incidents.length === 0) return { text: ':white_check_mark: No open incidents.' };
  const heading = `*Open incidents (${incidents.length})*`;
  const lines = incidents.map((i) => incidentLine(i, now, policy));
  const sections: KnownBlock[] = [];
  for (let i = 0; i < lines.length && sections.length < MAX_SECTIONS; i += LINES_PER_SECTION) {
    sections.push({ type: 'section', text: { type: 'mrkdwn', text: lines.slice(i, i + LINES_PER_SECTION).join('\n') } });
  }
  const hidden = lines.length - MAX_SECTIONS * LINES_PER_SECTION;
  if (hidden > 0) sections.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more: \`sitrep list\` shows them all.` }] });
  return {
    text: `${incidents.length} open incident${incidents.length === 1 ? '' : 's'}: ${incidents.map((i) => keyOf(i.incident)).join(', ')}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: heading } }, ...sections],
  };
}
