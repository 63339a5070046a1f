import type { KnownBlock } from '@slack/types';
import { defuseBroadcasts } from './blocks/text.js';

/** Every string in a block tree with its broadcasts defused (texts, fields, elements at any depth). */
function defuseStrings<T>(value: T): T {
  if (typeof value === 'string') return defuseBroadcasts(value) as T;
  if (Array.isArray(value)) return value.map(defuseStrings) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, defuseStrings(inner)])) as T;
  }
  return value;
}

/**
 * The last stop before a message leaves for Slack: Sitrep never pings a whole channel, so
 * `<!channel>`, `<!here>` and `<!everyone>` are defused in the text and in every block, whichever
 * builder made the message and whatever people typed into it.
 */
export function defuseMessage<M extends { text: string; blocks?: KnownBlock[] }>(message: M): M {
  return { ...message, text: defuseBroadcasts(message.text), ...(message.blocks ? { blocks: defuseStrings(message.blocks) } : {}) };
}
