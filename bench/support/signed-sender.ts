import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FakeSlack } from '../../test/support/fake-slack.js';
import { type SlackHttpResult, SlackSender } from '../../test/support/slack-requests.js';
import type { PreparedRequest, SendResult } from './send-requests.js';

export type { PreparedRequest };

/** Builds requests exactly as the tests send them (same envelopes, same signatures), but keeps them instead of sending. */
export class RequestRecorder extends SlackSender {
  private readonly prepared: PreparedRequest[] = [];

  constructor(signingSecret: string, fake: FakeSlack) {
    super({ appUrl: 'http://unused.invalid/', signingSecret, fake });
  }

  override async raw(body: string, headers: Record<string, string>): Promise<SlackHttpResult> {
    this.prepared.push({ body, headers });
    return { status: 0, body: '', ms: 0, headers: {} };
  }

  take(): PreparedRequest[] {
    return this.prepared.splice(0);
  }
}

/**
 * POSTs the requests to `url`, at most `concurrency` in flight, from a worker thread of their own:
 * the fake Slack Web API answers the app's calls on this thread, and would otherwise delay reading
 * the acks and add its own work to the app's latency.
 */
export async function sendAll(url: string, requests: readonly PreparedRequest[], concurrency: number): Promise<SendResult> {
  // The worker is TypeScript too: it registers tsx's loader, then loads it.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./send-worker.ts', import.meta.url).href);
  const worker = new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}); });`, {
    eval: true,
    workerData: { url, requests, concurrency },
  });
  try {
    const [result] = (await once(worker, 'message')) as [SendResult];
    return result;
  } finally {
    await worker.terminate();
  }
}
