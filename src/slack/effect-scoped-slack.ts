import type { Logger } from '../logger.js';
import { asEffectFailure } from '../usecases/incident-effect-handlers.js';
import type { MessageMetadata, PostedMessage, SlackApi, SlackMessage } from './slack-api.js';

/** One run of something that posts: its durable id, and which try this is (1 = the first). */
export interface PostingRun {
  id: string;
  attempts: number;
}

export const EFFECT_EVENT_TYPE = 'sitrep_effect';

// How far back a retry looks for the post an earlier try made: the effect's post is recent.
const LOOKBACK_MESSAGES = 100;

/**
 * The Web API as one run of one effect uses it: every post carries the effect's id (and its place
 * among the effect's posts) as message metadata, and a run after a failed one first looks for that
 * post in the channel (or thread) and takes it instead of posting again: a 500 or a timeout after
 * Slack posted does not make a second message.
 */
export function effectScopedSlack(slack: SlackApi, effect: PostingRun, logger: Logger): SlackApi {
  let part = 0;
  // The recent messages where an earlier try would have posted, in the channel (or thread); undefined
  // when they cannot be read now: the run then posts, at worst once more, as before.
  const recentMessages = async (channel: string, threadTs: string | undefined, what: 'post' | 'upload') => {
    try {
      const page = threadTs ? await slack.replies(channel, threadTs, { limit: LOOKBACK_MESSAGES }) : await slack.history(channel, { limit: LOOKBACK_MESSAGES });
      return page.messages;
    } catch (error) {
      logger.warn({ err: error, effect: effect.id }, `could not look for an earlier ${what} of this effect`);
      return undefined;
    }
  };
  const findEarlier = async (channel: string, threadTs: string | undefined, metadata: MessageMetadata): Promise<PostedMessage | undefined> => {
    const found = (await recentMessages(channel, threadTs, 'post'))?.find(
      (m) => m.metadata?.event_type === EFFECT_EVENT_TYPE && m.metadata.event_payload?.effect_id === metadata.event_payload.effect_id && m.metadata.event_payload?.part === metadata.event_payload.part,
    );
    return found ? { channel, ts: found.ts } : undefined;
  };
  /** The file share message of an earlier try: a file of that name in the channel (or thread). */
  const findEarlierFile = async (channel: string, threadTs: string | undefined, filename: string): Promise<{ fileId: string | undefined } | undefined> => {
    const file = (await recentMessages(channel, threadTs, 'upload'))?.flatMap((m) => m.files ?? []).find((f) => f.name === filename);
    return file ? { fileId: file.id } : undefined;
  };
  // The place of each post among the effect's posts is taken when it is asked for, before any wait,
  // so a retry numbers them the same even when one of them fails on the way.
  const postAs = async (place: number, channel: string, message: SlackMessage & { threadTs?: string }): Promise<PostedMessage> => {
    const metadata: MessageMetadata = { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_id: effect.id, part: place } };
    if (effect.attempts > 1) {
      const earlier = await findEarlier(channel, message.threadTs, metadata);
      if (earlier) {
        logger.info({ effect: effect.id, channel, ts: earlier.ts }, 'an earlier try had posted this; not posting again');
        return earlier;
      }
    }
    return slack.postMessage(channel, { ...message, metadata });
  };
  const scoped: SlackApi = {
    ...slack,
    postMessage(channel, message) {
      part += 1;
      return postAs(part, channel, message);
    },
    async sendDirectMessage(userId, message) {
      part += 1;
      const taken = part;
      // A first try posts to the user id (no extra round trip); history is read by channel id, so a
      // retry opens the direct-message channel to look there first.
      const channel = effect.attempts > 1 ? await slack.directMessageChannel(userId) : userId;
      return postAs(taken, channel, message);
    },
    async uploadFile(file) {
      if (effect.attempts > 1) {
        const earlier = await findEarlierFile(file.channel, file.threadTs, file.filename);
        if (earlier) {
          logger.info({ effect: effect.id, channel: file.channel, file: earlier.fileId }, 'an earlier try had uploaded this file; not uploading again');
          return earlier;
        }
      }
      return slack.uploadFile(file);
    },
  };
  return scoped;
}

/**
 * A message kept in place (a triage message, a card, a follow-up, a checklist): edited where it stands
 * when `ts` says where, else posted once-only for the effect and handed to `posted` (pin it, remember
 * its ts). Slack's failures come out as the dispatcher reads them.
 */
export async function showInPlace(
  slack: SlackApi,
  effect: PostingRun,
  logger: Logger,
  where: { channel: string; ts: string | null | undefined },
  message: SlackMessage,
  posted: (ts: string) => Promise<void>,
): Promise<{ edited: string } | { posted: string }> {
  if (where.ts) {
    await slackCall(() => slack.updateMessage(where.channel, where.ts!, message));
    return { edited: where.ts };
  }
  const made = await slackCall(() => effectScopedSlack(slack, effect, logger).postMessage(where.channel, message));
  await posted(made.ts);
  return { posted: made.ts };
}

/** A Slack failure as the dispatcher understands it: retried when Slack says trying again may work. */
export async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asEffectFailure(error);
  }
}
