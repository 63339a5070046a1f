import type { Config } from '../config.js';
import { type Incident, keyOf } from '../incidents/incident.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { roleNote } from '../incidents/roles.js';
import type { Logger } from '../logger.js';
import type { IncidentTypeDefinition } from '../process/process-schema.js';
import type { IncidentNotifier, NudgeNotice, Posted } from '../usecases/ports.js';
import { RoomGone } from '../usecases/ports.js';
import { SlackCallError } from '../usecases/slack-gateway.js';
import { incidentAnnouncement } from './blocks/announcement.js';
import { closedAnnouncement, closedNotice } from './blocks/close-notice.js';
import { declareOutcomeMessage } from './blocks/declare-outcome.js';
import { effectScopedSlack } from './effect-scoped-slack.js';
import { incidentCard, incidentTopic } from './blocks/incident-card.js';
import { pagedNotice, reopenedNotice, resolvedNotice, roleChangeNotice, severityNotice } from './blocks/incident-notices.js';
import { nudgeAnnouncementReply, nudgeDirectMessage, nudgeMessage, type NudgeDetails } from './blocks/nudge-message.js';
import { statusUpdateMessage } from './blocks/status-update-message.js';
import { CHANNEL_GONE_CODES, type SlackApi, type SlackMessage } from './slack-api.js';

export interface NotifierDeps {
  slack: SlackApi;
  config: Pick<Config, 'incidentsChannel' | 'timezone'> & Partial<Pick<Config, 'web'>>;
  logger: Logger;
  workspaceUrl: string;
  policy: IncidentPolicy;
  /** The process file's incident types: the card shows the type and its runbook. */
  types?: readonly IncidentTypeDefinition[];
}

function roomOf(incident: Incident): string {
  if (!incident.channelId) throw new Error(`${keyOf(incident)} has no channel yet`);
  return incident.channelId;
}

/** The IncidentNotifier over Slack: today's Block Kit builders, posted through the Web API gateway. */
export function slackIncidentNotifier({ slack, config, logger, workspaceUrl, policy, types = [] }: NotifierDeps): IncidentNotifier {
  /**
   * A thread reply under the incident's announcement in INCIDENTS_CHANNEL; private incidents keep
   * their news to their channel. The channel already has the news, so a refusal is logged, not thrown.
   */
  const replyToAnnouncement = async (incident: Incident, message: SlackMessage): Promise<string | undefined> => {
    const channel = config.incidentsChannel;
    if (incident.private || !channel || !incident.announcementTs) return undefined;
    try {
      return (await slack.postMessage(channel, { ...message, threadTs: incident.announcementTs })).ts;
    } catch (error) {
      logger.warn({ err: error, incident: incident.number }, 'could not reply under the announcement');
      return undefined;
    }
  };

  const post = (incident: Incident, message: SlackMessage): Promise<Posted> => slack.postMessage(roomOf(incident), message);

  const nudgeDetails = (nudge: NudgeNotice): NudgeDetails => ({
    incidentNumber: nudge.incidentNumber,
    sinceLastUpdateMs: nudge.sinceLastUpdateMs,
    mentioned: nudge.audience.mentioned,
    streak: nudge.streak,
    windowMs: nudge.windowMs,
  });

  return {
    async topicSet(incident, roles) {
      await slack.setTopic(roomOf(incident), incidentTopic(incident, roles, policy));
    },
    cardPosted: (incident, roles) => post(incident, incidentCard(incident, roles, policy, types, config.web?.publicUrl)),
    async cardPinned(incident) {
      await slack.pinMessage(roomOf(incident), incident.cardTs);
    },
    async declared(incident, roles) {
      const channel = config.incidentsChannel;
      if (!channel) return undefined;
      return slack.postMessage(channel, incidentAnnouncement(incident, roles, policy, config.web?.publicUrl));
    },
    async declarationFinished(declarerId, outcome) {
      await slack.sendDirectMessage(declarerId, declareOutcomeMessage(outcome, policy));
    },

    roleChanged: (incident, change) => post(incident, roleChangeNotice(change, policy)),
    paged: (incident, page) => post(incident, pagedNotice(incident, page)),
    async roleNote(incident, role, userId) {
      await slack.postEphemeral(roomOf(incident), userId, { text: roleNote(incident, role, policy) });
    },
    async severityChanged(incident, { from, to, by }, announce) {
      const notice = severityNotice(incident, from, to, by, policy);
      const posted = await post(incident, notice);
      if (announce) await replyToAnnouncement(incident, notice);
      return posted;
    },
    async statusUpdated(incident, update, announce) {
      const message = statusUpdateMessage(incident, update, update.postedAt, config.timezone, policy);
      const posted = await post(incident, message);
      return { posted, announcementTs: announce ? await replyToAnnouncement(incident, message) : undefined };
    },
    async resolved(incident, by, note, at) {
      const notice = resolvedNotice(incident, by, note, at);
      const posted = await post(incident, notice);
      await replyToAnnouncement(incident, notice);
      return posted;
    },
    async reopened(incident, by) {
      const notice = reopenedNotice(incident, by);
      const posted = await post(incident, notice);
      await replyToAnnouncement(incident, notice);
      return posted;
    },
    async closed(incident, { version, markdown, headline, closedBy }) {
      const key = keyOf(incident);
      let result: { fileId: string | null; uploadError: SlackCallError | undefined };
      try {
        const { fileId } = await slack.uploadFile({
          channel: roomOf(incident),
          filename: `${key}-retrospective-v${version}.md`,
          title: `${key} retrospective draft, version ${version}`,
          content: markdown,
          initialComment: closedNotice(incident, closedBy, headline, { version, attached: true }).text,
        });
        result = { fileId: fileId ?? null, uploadError: undefined };
      } catch (error) {
        // A failure that may pass (or whose answer was lost after the upload) is the effect's to retry:
        // its next try looks for the file first. Only a refusal is told as a note instead.
        if (!(error instanceof SlackCallError) || error.retryable) throw error;
        logger.warn({ err: error, incident: incident.number, version }, 'could not upload the retrospective draft');
        // The channel is told where the stored draft is instead.
        await post(incident, closedNotice(incident, closedBy, headline, { version, attached: false })).catch((postError: unknown) => {
          logger.warn({ err: postError, incident: incident.number }, 'could not post the close notice either');
        });
        result = { fileId: null, uploadError: error };
      }
      await replyToAnnouncement(incident, closedAnnouncement(incident, closedBy, headline));
      return result;
    },
    async nudged(nudge) {
      try {
        // Named after the stored nudge: a later sweep's retry finds a post whose answer was lost.
        const once = effectScopedSlack(slack, { id: `nudge:${nudge.nudgeId}`, attempts: nudge.retry ? 2 : 1 }, logger);
        return await once.postMessage(nudge.channelId, nudgeMessage(nudgeDetails(nudge)));
      } catch (error) {
        if (error instanceof SlackCallError && CHANNEL_GONE_CODES.has(error.code)) throw new RoomGone(error.method, error.code);
        throw error;
      }
    },
    async nudgeEscalated(nudge) {
      const details = nudgeDetails(nudge);
      const { directMessageTo, announcementThreadMention: thread } = nudge.audience;
      const sends: Promise<unknown>[] = [];
      if (directMessageTo) {
        const channelUrl = new URL(`archives/${nudge.channelId}`, workspaceUrl).toString();
        sends.push(slack.sendDirectMessage(directMessageTo, nudgeDirectMessage({ ...details, channelId: nudge.channelId, channelUrl })));
      }
      if (thread) {
        sends.push(slack.postMessage(thread.channel, { ...nudgeAnnouncementReply({ ...details, channelId: nudge.channelId, userId: thread.userId }), threadTs: thread.threadTs }));
      }
      // Both are tried; one that failed is tried again with the effect, the other found and not re-sent.
      const failures = (await Promise.allSettled(sends)).flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      if (failures.length > 0) throw failures.find((f) => f instanceof SlackCallError && f.retryable) ?? failures[0];
    },
    async viewsRefreshed(incident, roles) {
      if (!incident.channelId) return;
      const channel = incident.channelId;
      const results = await Promise.allSettled([
        incident.cardTs ? slack.updateMessage(channel, incident.cardTs, incidentCard(incident, roles, policy, types, config.web?.publicUrl)) : Promise.resolve(),
        slack.setTopic(channel, incidentTopic(incident, roles, policy)),
        incident.announcementTs && config.incidentsChannel
          ? slack.updateMessage(config.incidentsChannel, incident.announcementTs, incidentAnnouncement(incident, roles, policy, config.web?.publicUrl))
          : Promise.resolve(),
      ]);
      const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      // All three are set from the stored incident, so trying all again later is harmless.
      if (failures.length > 0) throw failures.find((f) => f instanceof SlackCallError && f.retryable) ?? failures[0];
    },
  };
}
