import { callTracker, type IssueQuery, type NewIssue, type OpenedIssue, type Tracker, titleHasKey } from './tracker.js';

export interface GithubTrackerSettings {
  repo: string;
  token: string;
  labels: string[];
  /** GitHub Enterprise Server: https://ghe.example.com/api/v3. */
  api_url?: string | undefined;
}

// Pages of 100 issues looked through for an earlier try's issue; newest first, so it is on the first.
const MAX_PAGES = 10;

/** GitHub Issues over REST (POST /repos/{owner}/{repo}/issues). */
export function githubTracker(settings: GithubTrackerSettings, timeoutMs = 10_000): Tracker {
  const base = (settings.api_url ?? 'https://api.github.com').replace(/\/$/, '');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${settings.token}`,
    'user-agent': 'sitrep',
    'x-github-api-version': '2022-11-28',
  };
  const call = (url: string, init: RequestInit = {}): Promise<Response> =>
    callTracker('GitHub', url, { ...init, headers: { ...headers, ...init.headers } }, timeoutMs);
  return {
    name: 'GitHub',
    async createIssue(issue: NewIssue): Promise<OpenedIssue> {
      const body = [...issue.lines, '', ...issue.links.map((l) => `- ${l.label}: ${l.url}`)].join('\n');
      const response = await call(`${base}/repos/${settings.repo}/issues`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: issue.title, body, labels: settings.labels }),
      });
      const created = (await response.json()) as { number: number; html_url: string };
      return { ref: githubRef(settings.repo, created.number), url: created.html_url };
    },

    // The repository's issue list, not the search API: search is eventually consistent and may not
    // show an issue opened seconds ago, which is exactly the one a retry looks for. `since` filters
    // on updated_at, which an issue created later has too; newest first, so the walk stops at the
    // first issue created before the follow-up.
    async findIssue(query: IssueQuery): Promise<OpenedIssue | undefined> {
      const params = new URLSearchParams({ state: 'all', sort: 'created', direction: 'desc', per_page: '100', since: query.createdSince.toISOString() });
      let url: string | undefined = `${base}/repos/${settings.repo}/issues?${params}`;
      for (let page = 0; url && page < MAX_PAGES; page += 1) {
        const response = await call(url);
        const issues = (await response.json()) as { number: number; title: string; html_url: string; created_at: string; pull_request?: unknown }[];
        for (const found of issues) {
          if (new Date(found.created_at) < query.createdSince) return undefined;
          if (!found.pull_request && titleHasKey(found.title, query.key)) return { ref: githubRef(settings.repo, found.number), url: found.html_url };
        }
        url = nextPage(response.headers.get('link'));
      }
      return undefined;
    },
  };
}

/** The `rel="next"` URL of GitHub's Link header, if there is a next page. */
function nextPage(link: string | null): string | undefined {
  return link?.split(',').map((part) => /<([^>]+)>;\s*rel="next"/.exec(part)?.[1]).find(Boolean);
}

/** How a GitHub issue is named in Sitrep's store, and in its webhooks (repository.full_name, issue.number). */
export function githubRef(repo: string, number: number): string {
  return `github:${repo.toLowerCase()}#${number}`;
}
