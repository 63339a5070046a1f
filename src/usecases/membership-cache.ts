/**
 * Who is in a room, asked of the workspace and kept briefly: a private incident's pages are shown to
 * its room's members, and a list of incidents would otherwise ask once per private incident per view.
 * Built once in main.ts.
 */
export class MembershipCache {
  private readonly entries = new Map<string, { members: Promise<ReadonlySet<string>>; until: number }>();

  constructor(
    private readonly lookup: (roomId: string) => Promise<string[]>,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  /** The room's members; a lookup that fails counts as nobody (a private incident stays hidden) and is not kept. */
  async members(roomId: string): Promise<ReadonlySet<string>> {
    const at = this.now().getTime();
    const cached = this.entries.get(roomId);
    if (cached && cached.until > at) return cached.members;
    const members = this.lookup(roomId).then((ids) => new Set(ids));
    this.entries.set(roomId, { members, until: at + this.ttlMs });
    try {
      return await members;
    } catch {
      this.entries.delete(roomId);
      return new Set();
    }
  }
}
