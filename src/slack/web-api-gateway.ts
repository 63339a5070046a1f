import type { BoundedCache } from '../bounded-cache.js';
import type { View } from '@slack/types';
import type { WebAPICallResult, WebClient } from '@slack/web-api';
import { defuseBroadcasts } from './blocks/text.js';
import { defuseMessage } from './defuse-message.js';
import type { SlackCallPolicy } from './transport/call-policy.js';
import { toSlackCallError } from './transport/call-error.js';
import {
  type HistoryPage,
  SlackCallError,
  type SlackHistoryMessage,
  type SlackUser,
} from '../usecases/slack-gateway.js';
import type { SlackApi } from './slack-api.js';

export { toSlackCallError } from './transport/call-error.js';

async function tolerating(policy: SlackCallPolicy, method: string, harmless: string[], run: () => Promise<WebAPICallResult>): Promise<void> {
  try {
    await policy.call(method, run);
  } catch (error) {
    if (error instanceof SlackCallError && harmless.includes(error.code)) return;
    throw error;
  }
}

// How long Slack's "no such user" is believed before asking again.
const UNKNOWN_USER_MS = 60_000;

// Invite refusals that mean the person is already there or cannot be: nothing to retry.
const HARMLESS_INVITE_ERRORS = ['already_in_channel', 'cant_invite_self'];

/** The worse of several failures: one worth retrying wins, so the caller tries the whole step again. */
function worstOf(failures: SlackCallError[]): SlackCallError | undefined {
  return failures.find((f) => f.retryable) ?? failures[0];
}

/**
 * The SlackApi over Bolt's Web API client (which carries the token, base URL and timeout); every
 * call goes through `policy` (per-method rate-limit gates, forms first, retries only where safe), and
 * every message is defused of broadcasts just before it is sent.
 */
export function createWebApiGateway(client: WebClient, policy: SlackCallPolicy, people: BoundedCache<Promise<SlackUser>>): SlackApi {
  const call = <T>(method: string, run: () => Promise<T>) => policy.call(method, run);

  const page = (result: WebAPICallResult & { messages?: unknown[] }): HistoryPage => ({
    messages: (result.messages ?? []) as SlackHistoryMessage[],
    nextCursor: result.response_metadata?.next_cursor || undefined,
  });

  return {
    async createChannel(name, isPrivate) {
      const result = await call('conversations.create', () => client.conversations.create({ name, is_private: isPrivate }));
      return { id: result.channel!.id!, name: result.channel!.name ?? name };
    },
    async channelNamed(name) {
      for (let cursor: string | undefined; ; ) {
        const result = await call('conversations.list', () =>
          client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) }),
        );
        const found = result.channels?.find((c) => c.name === name);
        if (found?.id) return { id: found.id, creator: found.creator ?? '' };
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
    },
    async inviteToChannel(channel, userIds) {
      // One call per person: Slack refuses a whole list for one bad member, and the others would be left out.
      const outcomes = await Promise.allSettled(
        [...new Set(userIds)].map((user) =>
          tolerating(policy, 'conversations.invite', HARMLESS_INVITE_ERRORS, () => client.conversations.invite({ channel, users: user })),
        ),
      );
      const failed = worstOf(outcomes.flatMap((o) => (o.status === 'rejected' ? [toSlackCallError('conversations.invite', o.reason)] : [])));
      if (failed) throw failed;
    },
    async setTopic(channel, topic) {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel, topic }));
    },
    async postMessage(channel, unsafe) {
      const message = defuseMessage(unsafe);
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          ...(message.metadata ? { metadata: message.metadata } : {}),
          unfurl_links: false,
        }),
      );
      return { channel: result.channel!, ts: result.ts! };
    },
    async updateMessage(channel, ts, unsafe) {
      const message = defuseMessage(unsafe);
      await call('chat.update', () =>
        client.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }),
      );
    },
    async pinMessage(channel, ts) {
      await tolerating(policy, 'pins.add', ['already_pinned'], () => client.pins.add({ channel, timestamp: ts }));
    },
    async postEphemeral(channel, user, unsafe) {
      const message = defuseMessage(unsafe);
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel, user, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }),
      );
    },
    async sendDirectMessage(userId, message) {
      // Posting to a user id delivers to the bot's DM with them, without a conversations.open round trip.
      return this.postMessage(userId, message);
    },
    async directMessageChannel(userId) {
      const result = await call('conversations.open', () => client.conversations.open({ users: userId }));
      return result.channel!.id!;
    },
    async openView(triggerId, view: View) {
      const result = await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
      return { viewId: result.view!.id! };
    },
    async updateView(viewId, view) {
      await call('views.update', () => client.views.update({ view_id: viewId, view }));
    },
    async publishHomeView(userId, view) {
      await call('views.publish', () => client.views.publish({ user_id: userId, view: view as never }));
    },
    async uploadFile(file) {
      const result = (await call('files.uploadV2', () =>
        client.filesUploadV2({
          channel_id: file.channel,
          filename: file.filename,
          title: file.title,
          content: file.content,
          ...(file.initialComment ? { initial_comment: defuseBroadcasts(file.initialComment) } : {}),
          ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
        } as Parameters<WebClient['filesUploadV2']>[0]) as Promise<WebAPICallResult>,
      )) as WebAPICallResult & { files?: { files?: { id?: string }[] }[] };
      return { fileId: result.files?.[0]?.files?.[0]?.id };
    },
    async permalink(channel, ts) {
      const result = await call('chat.getPermalink', () => client.chat.getPermalink({ channel, message_ts: ts }));
      return result.permalink!;
    },
    async history(channel, options) {
      const result = await call('conversations.history', () =>
        client.conversations.history({ channel, limit: options.limit ?? 200, include_all_metadata: true, ...(options.oldest ? { oldest: options.oldest } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) }),
      );
      return page(result);
    },
    async replies(channel, threadTs, options) {
      const result = await call('conversations.replies', () =>
        client.conversations.replies({ channel, ts: threadTs, limit: options.limit ?? 200, include_all_metadata: true, ...(options.oldest ? { oldest: options.oldest } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) }),
      );
      return page(result);
    },
    user(userId) {
      let cached = people.get(userId);
      if (!cached) {
        cached = call('users.info', () => client.users.info({ user: userId })).then((result) => ({
          id: userId,
          name: result.user?.name ?? userId,
          realName: result.user?.real_name ?? result.user?.profile?.real_name ?? result.user?.name ?? userId,
          isBot: Boolean(result.user?.is_bot) || userId === 'USLACKBOT',
          deleted: Boolean(result.user?.deleted),
        }));
        // Slack saying there is no such user is remembered a minute (a page naming a departed person
        // would ask on every view otherwise); any other failure is not, so the next call asks again.
        const lookup = cached;
        lookup.catch((error: unknown) => {
          if (people.get(userId) !== lookup) return;
          if (error instanceof SlackCallError && error.code === 'user_not_found') people.set(userId, lookup, UNKNOWN_USER_MS);
          else people.delete(userId);
        });
        people.set(userId, cached);
      }
      return cached;
    },
    async privateChannelsOf(user) {
      const channels: string[] = [];
      let cursor: string | undefined;
      do {
        const result = await call('users.conversations', () =>
          client.users.conversations({ user, types: 'private_channel', exclude_archived: false, limit: 1000, ...(cursor ? { cursor } : {}) }),
        );
        channels.push(...(result.channels ?? []).flatMap((c) => (c.id ? [c.id] : [])));
        cursor = result.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return channels;
    },
  };
}
