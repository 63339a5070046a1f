// A loopback GitHub REST server of ours: creates issues as api.github.com does (201 with number and
// html_url), lists them (GET /repos/{owner}/{repo}/issues with state, sort, direction, since, per_page
// and page, a Link header to the next page), checks the token, and answers the errors we script
// (401, 410, 422, 5xx, 429 with Retry-After), before the write or after it (the answer lost).
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
  created_at: string;
  updated_at: string;
}

export class FakeGithub {
  readonly issues: FakeIssue[] = [];
  readonly requests: { method: string; path: string; authorization: string | undefined }[] = [];
  private readonly failures: { status: number; retryAfter?: number; afterWrite?: boolean }[] = [];
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
        const url = new URL(req.url ?? '/', 'http://github.example');
        const failure = this.failures.shift();
        if (failure && !failure.afterWrite) {
          answer(failure.status, { message: FAILURE_MESSAGES[failure.status] ?? 'Server Error' }, failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {});
          return;
        }
        if (req.headers.authorization !== `Bearer ${this.token}`) return answer(401, { message: 'Bad credentials' });
        const match = /^\/repos\/([\w.-]+\/[\w.-]+)\/issues$/.exec(url.pathname);
        if (!match) return answer(404, { message: 'Not Found' });
        const repo = match[1]!;
        if (req.method === 'GET') {
          const [body, link] = this.list(repo, url);
          return answer(200, body, link ? { link } : {});
        }
        if (req.method !== 'POST') return answer(404, { message: 'Not Found' });
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { title?: string; body?: string; labels?: string[] };
        if (!input.title) return answer(422, { message: 'Validation Failed' });
        const number = this.issues.filter((i) => i.repo === repo).length + 1;
        const now = new Date().toISOString();
        const issue: FakeIssue = { repo, number, title: input.title, body: input.body ?? '', labels: input.labels ?? [], state: 'open', html_url: `https://github.example/${repo}/issues/${number}`, created_at: now, updated_at: now };
        this.issues.push(issue);
        // Written, then the answer is lost: a proxy's 502, say.
        if (failure) return answer(failure.status, { message: FAILURE_MESSAGES[failure.status] ?? 'Server Error' });
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

  /** The next request is carried out (an issue is opened), but answered with this failure. */
  failNextAfterWrite(status: number): void {
    this.failures.push({ status, afterWrite: true });
  }

  /**
   * GitHub's issue list: `state` (default open), `since` on updated_at, `sort` created or updated,
   * `direction`, `per_page` (default 30) and `page`, a Link header with rel="next" when more follow.
   */
  private list(repo: string, url: URL): [unknown[], string | undefined] {
    const q = url.searchParams;
    const state = q.get('state') ?? 'open';
    const since = q.get('since');
    const sortBy = q.get('sort') === 'updated' ? 'updated_at' : 'created_at';
    const descending = (q.get('direction') ?? 'desc') === 'desc';
    const perPage = Math.min(Number(q.get('per_page') ?? 30), 100);
    const page = Number(q.get('page') ?? 1);
    const matching = this.issues
      .filter((i) => i.repo === repo && (state === 'all' || i.state === state) && (!since || i.updated_at >= since))
      .sort((a, b) => (a[sortBy] === b[sortBy] ? a.number - b.number : a[sortBy] < b[sortBy] ? -1 : 1) * (descending ? -1 : 1));
    const shown = matching.slice((page - 1) * perPage, page * perPage);
    let link: string | undefined;
    if (page * perPage < matching.length) {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(page + 1));
      link = `<${this.url}${next.pathname}${next.search}>; rel="next"`;
    }
    return [shown.map((i) => ({ number: i.number, title: i.title, state: i.state, html_url: i.html_url, created_at: i.created_at, updated_at: i.updated_at })), link];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
