// The load generator's own thread: see sendAll in signed-sender.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { type PreparedRequest, sendRequests } from './send-requests.js';

const { url, requests, concurrency } = workerData as { url: string; requests: PreparedRequest[]; concurrency: number };
parentPort!.postMessage(await sendRequests(url, requests, concurrency));
