import type { UseCaseContext } from './context.js';

// A name is for people reading the timeline later; storing a message never waits long for one.
const NAME_WAIT_MS = 1_000;

export interface AuthorNamesOptions {
  /** Most names kept; the oldest goes first. */
  maxNames: number;
  /** A name is asked again after this long (people rename themselves). */
  ttlMs: number;
  now: () => Date;
}

/** Authors' Slack names already answered, built once in main.ts: the common case costs no promise and no timer. */
export class AuthorNames {
  private readonly known = new Map<string, { name: string; until: number }>();

  constructor(private readonly options: AuthorNamesOptions) {}

  get(userId: string): string | undefined {
    const hit = this.known.get(userId);
    if (!hit) return undefined;
    if (hit.until > this.options.now().getTime()) return hit.name;
    this.known.delete(userId);
    return undefined;
  }

  set(userId: string, name: string): void {
    this.known.delete(userId);
    if (this.known.size >= this.options.maxNames) this.known.delete(this.known.keys().next().value!);
    this.known.set(userId, { name: name.replaceAll('\u0000', ''), until: this.options.now().getTime() + this.options.ttlMs });
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
