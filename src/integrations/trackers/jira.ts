import { retryAfterMs } from '../http-call.js';
import type { IssueQuery, NewIssue, OpenedIssue, Tracker } from './tracker.js';
import { callTracker, TrackerError, titleHasKey } from './tracker.js';

export interface JiraTrackerSettings {
  /** The site, e.g. https://acme.atlassian.net. */
  url: string;
  email: string;
  /** An API token of `email`'s account (basic auth). */
  token: string;
  project: string;
  issue_type: string;
}

// Jira refuses a summary longer than this, or one with a line break.
const SUMMARY_MAX = 255;

/** Jira Cloud over REST v3 (POST /rest/api/3/issue), the description in Atlassian Document Format. */
export function jiraTracker(settings: JiraTrackerSettings, timeoutMs = 10_000): Tracker {
  const site = settings.url.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${settings.email}:${settings.token}`).toString('base64')}`;
  /** A JSON POST to Jira; a refusal is worded from Jira's own error body. */
  const post = (path: string, body: unknown): Promise<Response> =>
    callTracker(
      'Jira',
      `${site}${path}`,
      { method: 'POST', headers: { accept: 'application/json', authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) },
      timeoutMs,
      jiraFailure,
    );
  const opened = (key: string): OpenedIssue => ({ ref: jiraRef(key), url: `${site}/browse/${key}` });
  return {
    name: 'Jira',
    async createIssue(issue: NewIssue): Promise<OpenedIssue> {
      const fields = {
        project: { key: settings.project },
        issuetype: { name: settings.issue_type },
        summary: summaryOf(issue.title),
        description: adfDescription(issue),
      };
      const response = await post('/rest/api/3/issue', { fields });
      const created = (await response.json()) as { id: string; key: string; self: string };
      return opened(created.key);
    },

    // JQL through the current search endpoint (the old /rest/api/3/search is gone). It is eventually
    // consistent: Atlassian says most writes show within seconds, and a retry comes after the backoff,
    // but an issue not indexed yet can be missed and opened twice. The phrase match on the summary
    // also finds `INC-7-F20`, so the key is checked on what comes back. No `created >=` clause: JQL
    // reads absolute dates in the account's time zone; the newest issue with the key is the one.
    async findIssue(query: Pick<IssueQuery, 'key'>): Promise<OpenedIssue | undefined> {
      const jql = `project = "${settings.project}" AND summary ~ "\\"${query.key}\\"" ORDER BY created DESC`;
      const response = await post('/rest/api/3/search/jql', { jql, fields: ['summary'], maxResults: 50 });
      const found = (await response.json()) as { issues?: { key: string; fields?: { summary?: string } }[] };
      const issue = (found.issues ?? []).find((i) => titleHasKey(i.fields?.summary ?? '', query.key));
      return issue && opened(issue.key);
    },
  };
}

/** How a Jira issue is named in Sitrep's store. */
export function jiraRef(key: string): string {
  return `jira:${key}`;
}

function summaryOf(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  return line.length <= SUMMARY_MAX ? line : `${line.slice(0, SUMMARY_MAX - 1)}…`;
}

type AdfInline = { type: 'text'; text: string; marks?: { type: 'link'; attrs: { href: string } }[] };

/** A doc of one paragraph per non-empty line, then one per link (the link text marked with its URL). */
export function adfDescription(issue: Pick<NewIssue, 'lines' | 'links'>) {
  const paragraph = (content: AdfInline[]) => ({ type: 'paragraph', content });
  return {
    type: 'doc',
    version: 1,
    content: [
      ...issue.lines.filter((l) => l.trim() !== '').map((l) => paragraph([{ type: 'text', text: l }])),
      ...issue.links.map((l) => paragraph([{ type: 'text', text: `${l.label}: ` }, { type: 'text', text: l.url, marks: [{ type: 'link', attrs: { href: l.url } }] }])),
    ],
  };
}

/**
 * Jira's failures as people should read them: a 400 names the fields it refused
 * (`{errorMessages, errors}`); 429 and 5xx are retried, after Retry-After when given.
 */
async function jiraFailure(response: Response): Promise<TrackerError> {
  const text = await response.text().catch(() => '');
  let detail = text.slice(0, 200) || response.statusText;
  try {
    const body = JSON.parse(text) as { errorMessages?: unknown; errors?: unknown };
    const messages = Array.isArray(body.errorMessages) ? body.errorMessages.filter((m): m is string => typeof m === 'string') : [];
    const fields = body.errors && typeof body.errors === 'object' ? Object.entries(body.errors as Record<string, unknown>).map(([field, message]) => `${field}: ${String(message)}`) : [];
    if (messages.length + fields.length > 0) detail = [...messages, ...fields].join('; ');
  } catch {
    // Not JSON (a proxy's page): the start of the text will do.
  }
  if (response.status === 429) return new TrackerError('Jira is rate limiting Sitrep (429)', true, retryAfterMs(response.headers.get('retry-after')));
  return new TrackerError(`Jira answered ${response.status}: ${detail}`, response.status >= 500, retryAfterMs(response.headers.get('retry-after')));
}
