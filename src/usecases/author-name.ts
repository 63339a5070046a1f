import { BoundedCache, type BoundedCacheOptions } from '../bounded-cache.js';
import type { UseCaseContext } from './context.js';

// A name is for people reading the timeline later; storing a message never waits long for one.
const NAME_WAIT_MS = 1_000;

/** Authors' Slack names already answered, built once in main.ts: the common case costs no promise and no timer. */
export class AuthorNames {
  private readonly known: BoundedCache<string>;

  constructor(options: BoundedCacheOptions) {
    this.known = new BoundedCache(options);
  }

  get(userId: string): string | undefined {
    return this.known.get(userId);
  }

  set(userId: string, name: string): void {
    this.known.set(userId, name.replaceAll('\u0000', ''));
  }
}

/** The author's Slack name, or null when Slack does not say in time. */
export async function authorName(ctx: UseCaseContext, userId: string): Promise<string | null> {
  const names = ctx.timeline.authorNames;
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
