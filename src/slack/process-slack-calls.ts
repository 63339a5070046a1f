import type { WebClient } from '@slack/web-api';
import type { SlackCallPolicy } from './transport/call-policy.js';

/** The Web API calls only the process file's types and rules make: user groups and bookmarks. */
export interface ProcessSlackCalls {
  /** The people in a user group (S…). */
  userGroupMembers(userGroupId: string): Promise<string[]>;
  addBookmark(channel: string, title: string, url: string): Promise<void>;
}

/** Over Bolt's client, through the same per-method gates and retries as every other call. */
export function processSlackCalls(client: WebClient, policy: SlackCallPolicy): ProcessSlackCalls {
  return {
    async userGroupMembers(userGroupId) {
      const result = await policy.call('usergroups.users.list', () => client.usergroups.users.list({ usergroup: userGroupId }));
      return result.users ?? [];
    },
    async addBookmark(channel, title, url) {
      await policy.call('bookmarks.add', () => client.bookmarks.add({ channel_id: channel, title, type: 'link', link: url }));
    },
  };
}
