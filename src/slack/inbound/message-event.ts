import { z } from 'zod';
import type { MessageEntry, TimelineChange } from '../../incidents/timeline.js';
import { dateOfTs, isSlackTs, laterTs, permalinkOf, tsJustAfter } from './slack-ts.js';

/**
 * Slack message events (and history items) read as timeline changes in incident terms. Anything
 * Postgres cannot hold is stripped here (U+0000, half a surrogate pair) and a malformed ts is refused, so one forged
 * event never reaches a batch of good ones.
 */

const ts = z.string().refine(isSlackTs, 'not a Slack ts');
const text = z.string().transform(storable);

const file = z.looseObject({
  id: z.string().optional(),
  name: z.string().nullish(),
  title: z.string().nullish(),
});

/** The parts of a Slack message (event, `message_changed.message`, history item) we read. */
const message = z.looseObject({
  subtype: z.string().optional(),
  channel: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: text.optional(),
  ts: ts.optional(),
  thread_ts: ts.optional(),
  event_ts: ts.optional(),
  files: z.array(file).optional(),
  edited: z.looseObject({ ts }).optional(),
});

const event = message.extend({
  /** `message_changed`: the message as it is now, and as it was. */
  message: message.optional(),
  previous_message: message.optional(),
  /** `message_deleted`: which message went. */
  deleted_ts: ts.optional(),
});

type SlackMessage = z.infer<typeof message>;

export type InboundMessage = TimelineChange | { type: 'ignore'; reason: 'noise' | 'own' | 'bot' | 'unchanged' | 'malformed' };
type Ignore = Extract<InboundMessage, { type: 'ignore' }>;

export interface TimelineIdentity {
  botUserId: string;
  /** `https://acme.slack.com/` */
  workspaceUrl: string;
}

// Subtypes that are something a person said; every other subtype (channel_join, channel_topic,
// pinned_item, bot_message, tombstone, …) is noise for the timeline.
const PERSON_SUBTYPES: ReadonlySet<string | undefined> = new Set([undefined, 'file_share', 'thread_broadcast', 'me_message']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Postgres text and jsonb cannot hold U+0000 (dropped: nobody types it on purpose) nor half a surrogate pair (replaced). */
function storable(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

function isOwnOrBot(message: SlackMessage, identity: TimelineIdentity): 'own' | 'bot' | undefined {
  if (message.user !== undefined && message.user === identity.botUserId) return 'own';
  if (message.bot_id) return 'bot';
  return undefined;
}

/** A person's message as an entry, or why it is not one. */
function toEntry(channelId: string, message: SlackMessage, identity: TimelineIdentity): MessageEntry | Ignore {
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
      ...(file.id ? { id: storable(file.id) } : {}),
      name: storable(file.name || file.title || file.id || 'file'),
    })),
    permalink: permalinkOf(identity.workspaceUrl, channelId, message.ts, threadTs),
    occurredAt: dateOfTs(message.ts),
    editedAt: message.edited ? dateOfTs(message.edited.ts) : null,
    // Slack's edited.ts has whole seconds only: never let an edited copy rank below its own original.
    versionTs: message.edited ? laterTs(message.edited.ts, tsJustAfter(message.ts)) : message.ts,
  };
}

const isIgnore = (value: MessageEntry | Ignore): value is Ignore => 'type' in value;

/** Classifies one `message` event: a new entry, an edit, a deletion, or nothing for the timeline. */
export function classifyMessageEvent(raw: unknown, identity: TimelineIdentity): InboundMessage {
  const parsed = event.safeParse(raw);
  if (!parsed.success) return { type: 'ignore', reason: 'malformed' };
  const slack = parsed.data;
  const channelId = slack.channel;
  if (!channelId) return { type: 'ignore', reason: 'malformed' };
  const changedAt = slack.event_ts ?? slack.ts;

  if (slack.subtype === 'message_changed') {
    const now = slack.message;
    if (!now?.ts || !changedAt) return { type: 'ignore', reason: 'malformed' };
    // A thread parent deleted while it has replies becomes a tombstone: that is a deletion.
    if (now.subtype === 'tombstone') return deletion(channelId, now.ts, changedAt, slack.previous_message, identity);
    // Unfurls and reply counters also arrive as message_changed; only a new text or an edit mark counts.
    if (!now.edited && now.text === slack.previous_message?.text) return { type: 'ignore', reason: 'unchanged' };
    const entry = toEntry(channelId, now, identity);
    if (isIgnore(entry)) return entry;
    // The event's own ts orders edits to the microsecond (edited.ts has whole seconds).
    return { type: 'edit', entry: { ...entry, editedAt: entry.editedAt ?? dateOfTs(changedAt), versionTs: laterTs(changedAt, entry.versionTs) } };
  }

  if (slack.subtype === 'message_deleted') {
    if (!slack.deleted_ts || !changedAt) return { type: 'ignore', reason: 'malformed' };
    return deletion(channelId, slack.deleted_ts, changedAt, slack.previous_message, identity);
  }

  const entry = toEntry(channelId, slack, identity);
  return isIgnore(entry) ? entry : { type: 'entry', entry };
}

function deletion(channelId: string, messageTs: string, deletedTs: string, previous: SlackMessage | undefined, identity: TimelineIdentity): InboundMessage {
  const notPerson = previous && isOwnOrBot(previous, identity);
  if (notPerson) return { type: 'ignore', reason: notPerson };
  const before = previous ? toEntry(channelId, { ...previous, ts: previous.ts ?? messageTs }, identity) : undefined;
  return { type: 'delete', channelId, messageTs, deletedAt: dateOfTs(deletedTs), previous: before && !isIgnore(before) ? before : undefined };
}

/** A message from conversations.history / replies as an entry, if it is a person's message. */
export function entryFromHistory(channelId: string, raw: unknown, identity: TimelineIdentity): MessageEntry | undefined {
  const parsed = message.safeParse(raw);
  if (!parsed.success) return undefined;
  const entry = toEntry(channelId, parsed.data, identity);
  return isIgnore(entry) ? undefined : entry;
}
