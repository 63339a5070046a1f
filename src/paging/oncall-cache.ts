import type { OnCallPerson } from '../integrations/pager.js';

/**
 * Who is on call per target, kept about a minute: `/incident oncall` typed by several people does not
 * ask PagerDuty or Opsgenie each time. One object per process, built in main.ts.
 */
export class OnCallCache {
  private readonly entries = new Map<string, { at: number; people: Promise<OnCallPerson[]> }>();

  constructor(
    private readonly now: () => Date,
    private readonly ttlMs = 60_000,
  ) {}

  get(target: string, load: () => Promise<OnCallPerson[]>): Promise<OnCallPerson[]> {
    const at = this.now().getTime();
    const cached = this.entries.get(target);
    if (cached && at - cached.at < this.ttlMs) return cached.people;
    const people = load();
    this.entries.set(target, { at, people });
    // A failed look-up is not kept: the next ask tries again.
    people.catch(() => {
      if (this.entries.get(target)?.people === people) this.entries.delete(target);
    });
    return people;
  }
}
