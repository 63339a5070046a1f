import type { KnownBlock, View } from '@slack/types';
import type { SlackGateway } from '../usecases/slack-gateway.js';

/** A message as Slack shows it: the text is the notification and fallback, the blocks what people see. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** Slack message metadata: invisible to people, returned by history with include_all_metadata. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean>;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

/**
 * Every Web API call Sitrep makes, one method each; `web-api-gateway.ts` implements it over
 * Bolt's client. Only the Slack side (listeners, the port adapters) sees it whole.
 * Failures are thrown as SlackCallError.
 */
export interface SlackApi extends SlackGateway {
  createChannel(name: string, isPrivate: boolean): Promise<{ id: string; name: string }>;
  /** Invites in one call; people already in the channel are not an error. */
  inviteToChannel(channel: string, userIds: string[]): Promise<void>;
  setTopic(channel: string, topic: string): Promise<void>;
  /** `metadata` names what posted it (an effect), so a retry after a lost answer can find the post. */
  postMessage(channel: string, message: SlackMessage & { threadTs?: string; metadata?: MessageMetadata }): Promise<PostedMessage>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  /** Already pinned is not an error. */
  pinMessage(channel: string, ts: string): Promise<void>;
  postEphemeral(channel: string, userId: string, message: SlackMessage): Promise<void>;
  sendDirectMessage(userId: string, message: SlackMessage): Promise<PostedMessage>;
  /** The id of the bot's direct-message channel with the person (conversations.open): its history can be read. */
  directMessageChannel(userId: string): Promise<string>;
  openView(triggerId: string, view: View): Promise<{ viewId: string }>;
  updateView(viewId: string, view: View): Promise<void>;
  publishHomeView(userId: string, view: View): Promise<void>;
  uploadFile(file: {
    channel: string;
    filename: string;
    title: string;
    content: string;
    initialComment?: string;
    threadTs?: string;
  }): Promise<{ fileId: string | undefined }>;
  /** The unarchived channel of that name the bot can see (all pages), with who created it. */
  channelNamed(name: string): Promise<{ id: string; creator: string } | undefined>;
  /** The private channels the user is in that the bot is in too (all pages, archived ones included). */
  privateChannelsOf(user: string): Promise<string[]>;
}

/** Slack error codes that mean the channel is gone for good: stop trying to post there. */
export const CHANNEL_GONE_CODES: ReadonlySet<string> = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'channel_is_archived']);
