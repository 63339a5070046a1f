import type { BoundedCache } from '../bounded-cache.js';

/**
 * Which private rooms a person is in, asked of the workspace once per person and kept briefly: one
 * question answers for every private incident at once, however many there are, so a page costs at
 * most one workspace call per reader per while (asking each room for its members cost one per room).
 * Built once in main.ts.
 */
export class MembershipCache {
  constructor(
    private readonly lookup: (userId: string) => Promise<string[]>,
    private readonly cache: BoundedCache<Promise<ReadonlySet<string>>>,
  ) {}

  /**
   * The person's private rooms, or undefined when the workspace could not say: then a private
   * incident they see only as a room member is left out (never shown by mistake), and since the
   * failure is not kept, the next page asks again.
   */
  async privateRoomsOf(userId: string): Promise<ReadonlySet<string> | undefined> {
    let rooms = this.cache.get(userId);
    if (!rooms) {
      rooms = this.lookup(userId).then((ids) => new Set(ids));
      this.cache.set(userId, rooms);
      rooms.catch(() => this.cache.delete(userId));
    }
    try {
      return await rooms;
    } catch {
      return undefined;
    }
  }
}
