import type { Workspace } from '../usecases/ports.js';
import { RoomNameTaken } from '../usecases/ports.js';
import { SlackCallError } from '../usecases/slack-gateway.js';
import { escapeMrkdwn } from './blocks/text.js';
import type { SlackApi } from './slack-api.js';

/** The Workspace port over Slack: channels are rooms, users are people. */
export function slackWorkspace(slack: SlackApi, botUserId: string): Workspace {
  return {
    async createRoom(name, isPrivate) {
      try {
        return { id: (await slack.createChannel(name, isPrivate)).id };
      } catch (error) {
        if (error instanceof SlackCallError && error.code === 'name_taken') throw new RoomNameTaken(error.method);
        throw error;
      }
    },
    async ownRoomNamed(name) {
      const channel = await slack.channelNamed(name);
      return channel && channel.creator === botUserId ? { id: channel.id } : undefined;
    },
    invite: (roomId, people) => slack.inviteToChannel(roomId, people),
    async person(userId) {
      try {
        const user = await slack.user(userId);
        const kind = user.isBot || userId === botUserId ? 'bot' : user.deleted ? 'deactivated' : 'person';
        return { id: userId, kind, name: user.realName || user.name };
      } catch (error) {
        if (error instanceof SlackCallError && error.code === 'user_not_found') return { id: userId, kind: 'unknown', name: '' };
        throw error;
      }
    },
    privateRoomsOf: (userId) => slack.privateChannelsOf(userId),
    markup: escapeMrkdwn,
  };
}
