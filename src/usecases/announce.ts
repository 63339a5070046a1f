import type { Incident } from '../incidents/incident.js';
import type { UseCaseContext } from './context.js';
import type { SlackMessage } from './slack-gateway.js';

/**
 * Posts a thread reply under the incident's announcement in INCIDENTS_CHANNEL. Private incidents
 * keep their news to their channel. Returns the reply's ts, or undefined when there is nowhere to post
 * or Slack refused (the incident channel already has the news, so that is logged, not thrown).
 */
export async function replyToAnnouncement(ctx: UseCaseContext, incident: Incident, message: SlackMessage): Promise<string | undefined> {
  const channel = ctx.config.incidentsChannel;
  if (incident.private || !channel || !incident.announcementTs) return undefined;
  try {
    return (await ctx.slack.postMessage(channel, { ...message, threadTs: incident.announcementTs })).ts;
  } catch (error) {
    ctx.logger.warn({ err: error, incident: incident.number }, 'could not reply under the announcement');
    return undefined;
  }
}
