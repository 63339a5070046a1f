// A loopback GitHub REST server of ours: creates issues as api.github.com does (201 with number and
// html_url), checks the token, and answers the errors we script (401, 410, 422, 5xx, 429 with Retry-After).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// What api.github.com says with these statuses.
const FAILURE_MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by personal access token',
  404: 'Not Found',
  410: 'Issues are disabled for this repo',
  422: 'Validation Failed',
  429: 'API rate limit exceeded',
};

export interface FakeIssue {
  repo: string;
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  html_url: string;
}

export class FakeGithub {
  readonly issues: FakeIssue[] = [];
  readonly requests: { method: string; path: string; authorization: string | undefined }[] = [];
  private readonly failures: { status: number; retryAfter?: number }[] = [];
  private server: Server | undefined;
  url = '';

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
        const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
        };
        const failure = this.failures.shift();
        if (failure) {
          answer(failure.status, { message: FAILURE_MESSAGES[failure.status] ?? 'Server Error' }, failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {});
          return;
        }
        if (req.headers.authorization !== `Bearer ${this.token}`) return answer(401, { message: 'Bad credentials' });
        const match = /^\/repos\/([\w.-]+\/[\w.-]+)\/issues$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) return answer(404, { message: 'Not Found' });
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { title?: string; body?: string; labels?: string[] };
        if (!input.title) return answer(422, { message: 'Validation Failed' });
        const repo = match[1]!;
        const number = this.issues.filter((i) => i.repo === repo).length + 1;
        const issue: FakeIssue = { repo, number, title: input.title, body: input.body ?? '', labels: input.labels ?? [], state: 'open', html_url: `https://github.example/${repo}/issues/${number}` };
        this.issues.push(issue);
        answer(201, { number, html_url: issue.html_url, state: 'open', title: issue.title });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next answers are these failures, in order. */
  failNext(status: number, retryAfter?: number): void {
    this.failures.push({ status, ...(retryAfter ? { retryAfter } : {}) });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
