import type { View } from '@slack/types';
import { ErrorCode, type WebAPICallResult, type WebClient } from '@slack/web-api';
import {
  type HistoryPage,
  SlackCallError,
  type SlackHistoryMessage,
  type SlackUser,
} from '../usecases/slack-gateway.js';
import type { SlackApi } from './slack-api.js';

/** Turns whatever the Web API client threw into a SlackCallError that says whether to retry. */
export function toSlackCallError(method: string, error: unknown): SlackCallError {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number };
  switch (e.code) {
    case ErrorCode.PlatformError:
      return new SlackCallError(method, e.data?.error ?? 'unknown_error', ['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(e.data?.error ?? ''));
    case ErrorCode.RateLimitedError:
      return new SlackCallError(method, 'rate_limited', true);
    case ErrorCode.HTTPError:
      return new SlackCallError(method, `http_error_${e.statusCode ?? 'unknown'}`, (e.statusCode ?? 500) >= 500 || e.statusCode === 429);
    case ErrorCode.RequestError:
      return new SlackCallError(method, 'request_error', true);
    default:
      return new SlackCallError(method, error instanceof Error ? error.message : String(error), false);
  }
}

async function call<T extends WebAPICallResult>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toSlackCallError(method, error);
  }
}

async function tolerating(method: string, harmless: string[], run: () => Promise<WebAPICallResult>): Promise<void> {
  try {
    await call(method, run);
  } catch (error) {
    if (error instanceof SlackCallError && harmless.includes(error.code)) return;
    throw error;
  }
}

/** The SlackApi over Bolt's Web API client (which carries the token, base URL and retry policy). */
export function createWebApiGateway(client: WebClient): SlackApi {
  const users = new Map<string, Promise<SlackUser>>();

  const page = (result: WebAPICallResult & { messages?: unknown[] }): HistoryPage => ({
    messages: (result.messages ?? []) as SlackHistoryMessage[],
    nextCursor: result.response_metadata?.next_cursor || undefined,
  });

  return {
    async createChannel(name, isPrivate) {
      const result = await call('conversations.create', () => client.conversations.create({ name, is_private: isPrivate }));
      return { id: result.channel!.id!, name: result.channel!.name ?? name };
    },
    async inviteToChannel(channel, userIds) {
      const unique = [...new Set(userIds)];
      if (unique.length === 0) return;
      await tolerating('conversations.invite', ['already_in_channel', 'cant_invite_self'], () =>
        client.conversations.invite({ channel, users: unique.join(',') }),
      );
    },
    async setTopic(channel, topic) {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel, topic }));
    },
    async postMessage(channel, message) {
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          unfurl_links: false,
        }),
      );
      return { channel: result.channel!, ts: result.ts! };
    },
    async updateMessage(channel, ts, message) {
      await call('chat.update', () =>
        client.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }),
      );
    },
    async pinMessage(channel, ts) {
      await tolerating('pins.add', ['already_pinned'], () => client.pins.add({ channel, timestamp: ts }));
    },
    async postEphemeral(channel, user, message) {
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel, user, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }),
      );
    },
    async sendDirectMessage(userId, message) {
      // Posting to a user id delivers to the bot's DM with them, without a conversations.open round trip.
      return this.postMessage(userId, message);
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
          ...(file.initialComment ? { initial_comment: file.initialComment } : {}),
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
        client.conversations.history({ channel, limit: options.limit ?? 200, ...(options.oldest ? { oldest: options.oldest } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) }),
      );
      return page(result);
    },
    async replies(channel, threadTs, options) {
      const result = await call('conversations.replies', () =>
        client.conversations.replies({ channel, ts: threadTs, limit: options.limit ?? 200, ...(options.oldest ? { oldest: options.oldest } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) }),
      );
      return page(result);
    },
    user(userId) {
      let cached = users.get(userId);
      if (!cached) {
        cached = call('users.info', () => client.users.info({ user: userId })).then((result) => ({
          id: userId,
          name: result.user?.name ?? userId,
          realName: result.user?.real_name ?? result.user?.profile?.real_name ?? result.user?.name ?? userId,
          isBot: Boolean(result.user?.is_bot) || userId === 'USLACKBOT',
          deleted: Boolean(result.user?.deleted),
        }));
        // A failed lookup is not remembered, so the next call asks again.
        cached.catch(() => users.delete(userId));
        users.set(userId, cached);
      }
      return cached;
    },
    async channelMembers(channel) {
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const result = await call('conversations.members', () =>
          client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) }),
        );
        members.push(...(result.members ?? []));
        cursor = result.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return members;
    },
  };
}
