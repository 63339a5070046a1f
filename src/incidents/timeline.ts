/**
 * A person's messages on an incident's timeline, and the changes Slack reports to them, in
 * incident terms. The Slack side (src/slack/inbound/) turns events and history into these.
 */

export interface TimelineFileRef {
  id?: string;
  name: string;
}

/** A person's message as a timeline entry, in the state it was in at `versionTs`. */
export interface MessageEntry {
  channelId: string;
  /** The message's id in its channel (a Slack ts: seconds with six decimals). */
  messageTs: string;
  /** Set on thread replies only (`thread_ts` ≠ `ts`). */
  threadTs: string | null;
  authorId: string;
  text: string;
  files: TimelineFileRef[];
  permalink: string;
  occurredAt: Date;
  editedAt: Date | null;
  /**
   * When this state of the message came to be, on Slack's clock: the message's own ts, or the
   * ts of the edit that produced it. Of two states of one message, the later one wins.
   */
  versionTs: string;
}

/** What happened to a message, in the order Slack gives (each change carries its own Slack time). */
export type TimelineChange =
  | { type: 'entry'; entry: MessageEntry }
  /** The message as it reads after the edit; `entry.versionTs` is the edit's time. */
  | { type: 'edit'; entry: MessageEntry }
  /** `previous` is the message as it was, when Slack says so (to keep a hidden record of it). */
  | { type: 'delete'; channelId: string; messageTs: string; deletedAt: Date; previous: MessageEntry | undefined };

/** What the timeline needs to lay entries out as conversations. */
export interface ThreadedItem {
  messageTs: string | null;
  threadTs: string | null;
}

export function isReply(item: ThreadedItem): boolean {
  return item.threadTs !== null && item.threadTs !== item.messageTs;
}

/**
 * Entries in time order, with each thread's replies right after their parent (still in time
 * order). A reply whose parent is not on the timeline stays where its time puts it.
 */
export function threadedOrder<T extends ThreadedItem>(entries: readonly T[]): T[] {
  const present = new Set(entries.filter((e) => !isReply(e) && e.messageTs).map((e) => e.messageTs));
  const repliesOf = new Map<string, T[]>();
  for (const entry of entries) {
    if (isReply(entry) && present.has(entry.threadTs)) {
      repliesOf.set(entry.threadTs!, [...(repliesOf.get(entry.threadTs!) ?? []), entry]);
    }
  }
  const ordered: T[] = [];
  for (const entry of entries) {
    if (isReply(entry) && present.has(entry.threadTs)) continue;
    ordered.push(entry, ...(entry.messageTs && !isReply(entry) ? (repliesOf.get(entry.messageTs) ?? []) : []));
  }
  return ordered;
}
