import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Route } from './route.js';

// GitHub sends at most 25 MB; an issues event is a few kilobytes.
const BODY_LIMIT_BYTES = 1_000_000;

const issuesEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int() }),
  repository: z.object({ full_name: z.string() }),
});

export interface IssueStateChange {
  repo: string;
  number: number;
  state: 'closed' | 'reopened';
}

/** True when `signature` (`sha256=<hex>`) is the HMAC of `body` with `secret`. */
export function validGithubSignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `POST /hooks/github`: an issue closed or reopened there moves its follow-up to done or open.
 * Signed with GITHUB_WEBHOOK_SECRET (X-Hub-Signature-256); anything unsigned or wrongly signed is 401.
 */
export function githubWebhookRoute(secret: string | undefined, onIssue: (change: IssueStateChange) => Promise<void>): Route {
  return {
    path: '/hooks/github',
    methods: ['POST'],
    async handle(request) {
      const body = await request.body(BODY_LIMIT_BYTES);
      const signature = request.headers['x-hub-signature-256'];
      if (!secret || !validGithubSignature(secret, body, typeof signature === 'string' ? signature : undefined)) return { status: 401 };
      if (request.headers['x-github-event'] !== 'issues') return { status: 204 };
      const event = issuesEvent.safeParse(JSON.parse(body.toString('utf8') || '{}'));
      if (!event.success) return { status: 400 };
      const { action, issue, repository } = event.data;
      if (action === 'closed' || action === 'reopened') await onIssue({ repo: repository.full_name, number: issue.number, state: action });
      return { status: 204 };
    },
  };
}
