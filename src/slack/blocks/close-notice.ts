import { type Incident, keyOf } from '../../incidents/incident.js';
import type { Headline } from '../../incidents/retrospective/figures.js';
import { formatDuration } from '../../incidents/time.js';
import type { SlackMessage } from '../slack-api.js';
import { channelLink, mention } from './text.js';

/** `Duration 2h 05m (declared → closed) · time to resolve 1h 50m · 3 status updates` */
function figures(headline: Headline): string {
  const resolve = headline.timeToResolveMs === null ? 'never resolved' : `time to resolve ${formatDuration(headline.timeToResolveMs)}`;
  const updates = `${headline.statusUpdates} status update${headline.statusUpdates === 1 ? '' : 's'}`;
  return `Duration ${formatDuration(headline.durationMs)} (${headline.durationFrom} → closed) · ${resolve} · ${updates}`;
}

/**
 * What the incident channel reads on close: the comment on the retrospective file, or, when
 * Slack would not take the file, a message saying where the stored draft is. A few hundred
 * characters: well within a message's and a file comment's limits.
 */
export function closedNotice(
  incident: Pick<Incident, 'number'>,
  closedBy: string,
  headline: Headline,
  retrospective: { version: number; attached: boolean },
): SlackMessage {
  const key = keyOf(incident);
  const draft = retrospective.attached
    ? `Retrospective draft (version ${retrospective.version}) attached: fill in what went well, what went wrong, where we got lucky, and the action items.`
    : `The retrospective draft (version ${retrospective.version}) is saved, but Slack would not take the file: \`sitrep retro ${key}\` prints it.`;
  return { text: `:lock: *${key} closed* by ${mention(closedBy)}. ${draft}\n${figures(headline)}` };
}

/** The close, as a reply under the incident's announcement in INCIDENTS_CHANNEL. */
export function closedAnnouncement(incident: Pick<Incident, 'number' | 'channelId'>, closedBy: string, headline: Headline): SlackMessage {
  const where = incident.channelId ? ` The retrospective draft is in ${channelLink(incident.channelId)}.` : '';
  return { text: `:lock: *${keyOf(incident)} closed* by ${mention(closedBy)}.${where}\n${figures(headline)}` };
}
