/**
 * Slack rate-limits each Web API method on its own: a 429 on chat.postMessage says nothing about
 * views.open. One gate per method, closed for the Retry-After a 429 named; the others stay open.
 * Built once in main.ts and shared by every call, so all callers of a method honour its pause.
 */
export class MethodGates {
  private readonly openAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Shuts `method` for `ms` from now; a later close never shortens a longer pause. */
  close(method: string, ms: number): void {
    const until = this.now() + Math.max(0, ms);
    if (until > (this.openAt.get(method) ?? 0)) this.openAt.set(method, until);
  }

  /** Milliseconds until `method` may be called again; 0 when its gate is open. */
  waitFor(method: string): number {
    const until = this.openAt.get(method);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.openAt.delete(method);
    return 0;
  }
}
