import type { UseCaseContext } from './context.js';

// A name is for people reading the timeline later; storing a message never waits long for one.
const NAME_WAIT_MS = 1_000;

// Names already answered, per Slack connection: the common case costs no promise and no timer.
const knownNames = new WeakMap<UseCaseContext['slack'], Map<string, string>>();

/** The author's Slack name, or null when Slack does not say in time. */
export async function authorName(ctx: UseCaseContext, userId: string): Promise<string | null> {
  let names = knownNames.get(ctx.slack);
  if (!names) {
    names = new Map();
    knownNames.set(ctx.slack, names);
  }
  const known = names.get(userId);
  if (known !== undefined) return known;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), NAME_WAIT_MS);
  });
  try {
    const name = await Promise.race([ctx.slack.user(userId).then((user) => user.name), giveUp]);
    if (name !== null) names.set(userId, name);
    return name;
  } catch (error) {
    ctx.logger.debug({ err: error, user: userId }, 'author name unavailable');
    return null;
  } finally {
    clearTimeout(timer);
  }
}
