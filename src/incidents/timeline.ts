/**
 * What a Slack message event means for an incident's timeline. Pure: the Slack edge passes the
 * event in, the use cases store what comes out.
 */

/** The parts of a Slack message (event, `message_changed.message`, history item) we read. */
export interface SlackMessageShape {
  type?: string;
  subtype?: string;
  channel?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  event_ts?: string;
  files?: { id?: string; name?: string | null; title?: string | null }[];
  edited?: { ts: string; user?: string };
  /** `message_changed`: the message as it is now, and as it was. */
  message?: SlackMessageShape;
  previous_message?: SlackMessageShape;
  /** `message_deleted`: which message went. */
  deleted_ts?: string;
}

export interface TimelineFileRef {
  id?: string;
  name: string;
}

/** A person's message as a timeline entry. */
export interface MessageEntry {
  channelId: string;
  messageTs: string;
  /** Set on thread replies only (`thread_ts` ≠ `ts`). */
  threadTs: string | null;
  authorId: string;
  text: string;
  files: TimelineFileRef[];
  permalink: string;
  occurredAt: Date;
  editedAt: Date | null;
}

export type TimelineChange =
  | { type: 'entry'; entry: MessageEntry }
  /** The message as it reads after the edit. */
  | { type: 'edit'; entry: MessageEntry }
  /** `previous` is the message as it was, when Slack says so (to keep a hidden record of it). */
  | { type: 'delete'; channelId: string; messageTs: string; deletedAt: Date; previous: MessageEntry | undefined }
  | { type: 'ignore'; reason: 'noise' | 'own' | 'bot' | 'unchanged' | 'malformed' };

export interface TimelineIdentity {
  botUserId: string;
  /** `https://acme.slack.com/` */
  workspaceUrl: string;
}

// Subtypes that are something a person said; every other subtype (channel_join, channel_topic,
// pinned_item, bot_message, tombstone, …) is noise for the timeline.
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast', 'me_message']);

/** A Slack ts (`1614540108.001500`, seconds) as a Date (millisecond precision). */
export function dateOfTs(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}

/** The ts one microsecond earlier: `oldest` is exclusive in conversations.history, so this includes `ts`. */
export function tsJustBefore(ts: string): string {
  const [seconds = '0', fraction = ''] = ts.split('.');
  const micros = BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6)) - 1n;
  return `${micros / 1_000_000n}.${String(micros % 1_000_000n).padStart(6, '0')}`;
}

/** Orders Slack ts strings numerically (their seconds part can differ in length). */
export function compareTs(a: string, b: string): number {
  const key = (ts: string) => {
    const [seconds = '0', fraction = ''] = ts.split('.');
    return `${seconds.padStart(12, '0')}.${fraction.padEnd(6, '0')}`;
  };
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** The message's link, as chat.getPermalink would answer, without the API call. */
export function permalinkOf(workspaceUrl: string, channelId: string, ts: string, threadTs: string | null): string {
  const base = `${workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`}archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}

function isOwnOrBot(message: SlackMessageShape, identity: TimelineIdentity): 'own' | 'bot' | undefined {
  if (message.user !== undefined && message.user === identity.botUserId) return 'own';
  if (message.bot_id) return 'bot';
  return undefined;
}

/** A person's message as an entry, or why it is not one. */
function toEntry(channelId: string, message: SlackMessageShape, identity: TimelineIdentity): MessageEntry | Extract<TimelineChange, { type: 'ignore' }> {
  if (!PERSON_SUBTYPES.has(message.subtype || undefined)) return { type: 'ignore', reason: 'noise' };
  const notPerson = isOwnOrBot(message, identity);
  if (notPerson) return { type: 'ignore', reason: notPerson };
  if (!message.ts || !message.user) return { type: 'ignore', reason: 'malformed' };
  const threadTs = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null;
  return {
    channelId,
    messageTs: message.ts,
    threadTs,
    authorId: message.user,
    text: message.text ?? '',
    files: (message.files ?? []).map((file) => ({
      ...(file.id ? { id: file.id } : {}),
      name: file.name || file.title || file.id || 'file',
    })),
    permalink: permalinkOf(identity.workspaceUrl, channelId, message.ts, threadTs),
    occurredAt: dateOfTs(message.ts),
    editedAt: message.edited ? dateOfTs(message.edited.ts) : null,
  };
}

const isIgnore = (value: MessageEntry | Extract<TimelineChange, { type: 'ignore' }>): value is Extract<TimelineChange, { type: 'ignore' }> =>
  'type' in value;

/** Classifies one `message` event: a new entry, an edit, a deletion, or nothing for the timeline. */
export function classifyMessageEvent(event: SlackMessageShape, identity: TimelineIdentity): TimelineChange {
  const channelId = event.channel;
  if (!channelId) return { type: 'ignore', reason: 'malformed' };

  if (event.subtype === 'message_changed') {
    const now = event.message;
    if (!now?.ts) return { type: 'ignore', reason: 'malformed' };
    // A thread parent deleted while it has replies becomes a tombstone: that is a deletion.
    if (now.subtype === 'tombstone') return deletion(channelId, now.ts, event, event.previous_message, identity);
    // Unfurls and reply counters also arrive as message_changed; only a new text or an edit mark counts.
    if (!now.edited && now.text === event.previous_message?.text) return { type: 'ignore', reason: 'unchanged' };
    const entry = toEntry(channelId, now, identity);
    if (isIgnore(entry)) return entry;
    return { type: 'edit', entry: { ...entry, editedAt: entry.editedAt ?? dateOfTs(event.event_ts ?? event.ts ?? now.ts) } };
  }

  if (event.subtype === 'message_deleted') {
    if (!event.deleted_ts) return { type: 'ignore', reason: 'malformed' };
    return deletion(channelId, event.deleted_ts, event, event.previous_message, identity);
  }

  const entry = toEntry(channelId, event, identity);
  return isIgnore(entry) ? entry : { type: 'entry', entry };
}

function deletion(
  channelId: string,
  messageTs: string,
  event: SlackMessageShape,
  previous: SlackMessageShape | undefined,
  identity: TimelineIdentity,
): TimelineChange {
  if (previous && isOwnOrBot(previous, identity)) return { type: 'ignore', reason: isOwnOrBot(previous, identity)! };
  const before = previous ? toEntry(channelId, { ...previous, ts: previous.ts ?? messageTs }, identity) : undefined;
  return {
    type: 'delete',
    channelId,
    messageTs,
    deletedAt: dateOfTs(event.event_ts ?? event.ts ?? messageTs),
    previous: before && !isIgnore(before) ? before : undefined,
  };
}

/** A message from conversations.history / replies as an entry, if it is a person's message. */
export function entryFromHistory(channelId: string, message: SlackMessageShape, identity: TimelineIdentity): MessageEntry | undefined {
  const entry = toEntry(channelId, message, identity);
  return isIgnore(entry) ? undefined : entry;
}

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
