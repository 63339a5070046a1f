import type { SendResult } from './send-requests.js';

/** The middle value (the upper one of an even count): one bad round does not decide. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One app's sends over the rounds of a burst: the median round's p50 and p99, the worst max. */
export class Rounds {
  private readonly results: SendResult[] = [];

  add(result: SendResult): SendResult {
    this.results.push(result);
    return result;
  }

  get p50(): number {
    return median(this.results.map((r) => r.latency.p50));
  }

  get p99(): number {
    return median(this.results.map((r) => r.latency.p99));
  }

  get max(): number {
    return Math.max(...this.results.map((r) => r.latency.max));
  }

  /** Requests answered per second over all rounds. */
  get perSecond(): number {
    const count = this.results.reduce((sum, r) => sum + r.latency.count, 0);
    const seconds = this.results.reduce((sum, r) => sum + (r.finishedAt - r.startedAt) / 1000, 0);
    return count / seconds;
  }

  /** HTTP statuses over all rounds, e.g. `200×1000`. */
  get statuses(): string {
    const all = new Map<number, number>();
    for (const r of this.results) for (const [code, n] of r.statuses) all.set(code, (all.get(code) ?? 0) + n);
    return [...all].map(([code, n]) => `${code}×${n}`).join(' ');
  }
}
