import { Agent, request } from 'node:http';
import { inParallel, type LatencySummary, summarize } from './latency.js';

/** A signed request ready to go: built and signed before the clock starts, so the load generator adds little. */
export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface SendResult {
  /** Time from sending each request to reading its answer (the ack). */
  latency: LatencySummary;
  /** performance.now() when the first request went out and when the last answer came back. */
  startedAt: number;
  finishedAt: number;
  statuses: Map<number, number>;
}

function post(url: URL, agent: Agent, { body, headers }: PreparedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * POSTs the requests to `url` from this thread, at most `concurrency` in flight, over keep-alive
 * connections opened for this run (a connection left idle from an earlier run may be closed by the
 * server mid-request).
 */
export async function sendRequests(url: string, requests: readonly PreparedRequest[], concurrency: number): Promise<SendResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const startedAt = performance.now();
  const results = await inParallel(requests, concurrency, async (prepared) => {
    const sent = performance.now();
    const status = await post(target, agent, prepared);
    return { status, ms: performance.now() - sent };
  });
  const finishedAt = performance.now();
  agent.destroy();
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  return { latency: summarize(results.map((r) => r.ms)), startedAt, finishedAt, statuses };
}
