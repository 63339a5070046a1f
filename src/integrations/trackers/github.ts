import { failureOf, type NewIssue, type OpenedIssue, type Tracker, TrackerError } from './tracker.js';

export interface GithubTrackerSettings {
  repo: string;
  token: string;
  labels: string[];
  /** GitHub Enterprise Server: https://ghe.example.com/api/v3. */
  api_url?: string | undefined;
}

/** GitHub Issues over REST (POST /repos/{owner}/{repo}/issues). */
export function githubTracker(settings: GithubTrackerSettings, timeoutMs = 10_000): Tracker {
  const base = (settings.api_url ?? 'https://api.github.com').replace(/\/$/, '');
  return {
    name: 'GitHub',
    async createIssue(issue: NewIssue): Promise<OpenedIssue> {
      const body = [...issue.lines, '', ...issue.links.map((l) => `- ${l.label}: ${l.url}`)].join('\n');
      let response: Response;
      try {
        response = await fetch(`${base}/repos/${settings.repo}/issues`, {
          method: 'POST',
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${settings.token}`,
            'content-type': 'application/json',
            'user-agent': 'sitrep',
            'x-github-api-version': '2022-11-28',
          },
          body: JSON.stringify({ title: issue.title, body, labels: settings.labels }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new TrackerError(`GitHub unreachable: ${(error as Error).message}`, true);
      }
      if (!response.ok) throw await failureOf('GitHub', response);
      const created = (await response.json()) as { number: number; html_url: string };
      return { ref: githubRef(settings.repo, created.number), url: created.html_url };
    },
  };
}

/** How a GitHub issue is named in Sitrep's store, and in its webhooks (repository.full_name, issue.number). */
export function githubRef(repo: string, number: number): string {
  return `github:${repo.toLowerCase()}#${number}`;
}
