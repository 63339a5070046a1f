import { getIncident } from '../db/incident-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { incidentAnnouncement } from '../slack/blocks/announcement.js';
import { incidentCard, incidentTopic } from '../slack/blocks/incident-card.js';
import type { UseCaseContext } from './context.js';

/**
 * Re-renders everything Slack shows of an incident from the database: the pinned card, the
 * channel topic and the announcement in INCIDENTS_CHANNEL. Every change calls this once.
 * A failure here loses nothing (the database holds the truth), so it is logged, not thrown.
 */
export async function refreshIncidentViews(ctx: UseCaseContext, incidentNumber: number): Promise<void> {
  const incident = await getIncident(ctx.db, incidentNumber);
  if (!incident?.channelId) return;
  const roles = await currentRoleHolders(ctx.db, incidentNumber);
  const channel = incident.channelId;
  const results = await Promise.allSettled([
    incident.cardTs ? ctx.slack.updateMessage(channel, incident.cardTs, incidentCard(incident, roles, ctx.policy)) : Promise.resolve(),
    ctx.slack.setTopic(channel, incidentTopic(incident, roles, ctx.policy)),
    incident.announcementTs && ctx.config.incidentsChannel
      ? ctx.slack.updateMessage(ctx.config.incidentsChannel, incident.announcementTs, incidentAnnouncement(incident, roles, ctx.policy))
      : Promise.resolve(),
  ]);
  for (const result of results) {
    if (result.status === 'rejected') {
      ctx.logger.warn({ err: result.reason, incident: incidentNumber }, 'could not refresh what Slack shows of the incident');
    }
  }
}
