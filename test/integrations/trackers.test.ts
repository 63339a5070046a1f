import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubTracker } from '../../src/integrations/trackers/github.js';
import { jiraTracker } from '../../src/integrations/trackers/jira.js';
import { TrackerError } from '../../src/integrations/trackers/tracker.js';
import { FakeGithub } from '../support/fake-github.js';
import { FAKE_JIRA_EMAIL, FAKE_JIRA_TOKEN, FakeJira } from '../support/fake-jira.js';

const ISSUE = { title: 'INC-7-F1: Add a runbook', lines: ['Add a runbook'], links: [{ label: 'INC-7 channel', url: 'https://acme.slack.com/archives/C0INC7' }] };

describe('the Jira tracker against its fake', () => {
  let jira: FakeJira;
  beforeAll(async () => {
    jira = await FakeJira.start();
  });
  afterAll(async () => {
    await jira?.close();
  });
  const tracker = (token = FAKE_JIRA_TOKEN, project = 'OPS') => jiraTracker({ url: jira.url, email: FAKE_JIRA_EMAIL, token, project, issue_type: 'Task' }, 2_000);
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as TrackerError);

  it('opens an issue and answers its key as ref and its browse URL', async () => {
    expect(await tracker().createIssue(ISSUE)).toEqual({ ref: 'jira:OPS-1', url: `${jira.url}/browse/OPS-1` });
  });

  it('keeps a summary on one line within 255 characters', async () => {
    const opened = await tracker().createIssue({ ...ISSUE, title: `INC-7-F2: ${'long words\n'.repeat(40)}` });
    const stored = jira.issues.find((i) => `jira:${i.key}` === opened.ref)!;
    expect(stored.summary).toHaveLength(255);
    expect(stored.summary).not.toContain('\n');
  });

  it('a wrong token and an unknown project are refused, not to be retried, with what Jira said', async () => {
    const unauthorized = await failureOf(tracker('wrong-token').createIssue(ISSUE));
    expect(unauthorized).toBeInstanceOf(TrackerError);
    expect(unauthorized).toMatchObject({ retryable: false, message: 'Jira answered 401: Client must be authenticated to access this resource.' });
    const badProject = await failureOf(tracker(FAKE_JIRA_TOKEN, 'NOPE').createIssue(ISSUE));
    expect(badProject).toMatchObject({ retryable: false, message: 'Jira answered 400: project: Specify a valid project ID or key' });
  });

  it('finds the issue of a follow-up key by its summary, not another key that starts the same', async () => {
    const f20 = await tracker().createIssue({ ...ISSUE, title: 'INC-9-F20: Another item' });
    expect(await tracker().findIssue({ key: 'INC-9-F2', createdSince: new Date(0) })).toBeUndefined();
    const f2 = await tracker().createIssue({ ...ISSUE, title: 'INC-9-F2: The item' });
    expect(await tracker().findIssue({ key: 'INC-9-F2', createdSince: new Date(0) })).toEqual(f2);
    expect(await tracker().findIssue({ key: 'INC-9-F20', createdSince: new Date(0) })).toEqual(f20);
  });

  it('a 429 is retried after its Retry-After; a 503 is retried', async () => {
    jira.server.failNext('/rest/api/3/issue', { status: 429, headers: { 'retry-after': '7' } });
    expect(await failureOf(tracker().createIssue(ISSUE))).toMatchObject({ retryable: true, retryAfterMs: 7_000, message: 'Jira is rate limiting Sitrep (429)' });
    jira.server.failNext('/rest/api/3/issue', { status: 503, body: { errorMessages: ['Service unavailable'], errors: {} } });
    expect(await failureOf(tracker().createIssue(ISSUE))).toMatchObject({ retryable: true, message: 'Jira answered 503: Service unavailable' });
  });
});

describe('the GitHub tracker finding an earlier try’s issue', () => {
  let github: FakeGithub;
  beforeAll(async () => {
    github = await new FakeGithub('ghp_find').start();
  });
  afterAll(async () => {
    await github?.stop();
  });
  const tracker = () => githubTracker({ repo: 'acme/ops', token: 'ghp_find', labels: [], api_url: github.url }, 2_000);
  const seed = (title: string, createdAt: string) => {
    const number = github.issues.length + 1;
    github.issues.push({ repo: 'acme/ops', number, title, body: '', labels: [], state: 'open', html_url: `https://github.example/acme/ops/issues/${number}`, created_at: createdAt, updated_at: createdAt });
  };

  it('walks the newest issues page by page, matching the key exactly, and leaves out issues older than the follow-up', async () => {
    seed('INC-3-F1: Old one from before', '2026-11-01T00:00:00Z');
    seed('INC-3-F2: The one', '2026-11-20T10:00:00Z');
    for (let i = 0; i < 150; i += 1) seed(`Unrelated ${i}`, `2026-11-20T11:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`);
    seed('INC-3-F20: Not this one', '2026-11-20T12:00:00Z');
    const since = new Date('2026-11-20T09:00:00Z');
    expect(await tracker().findIssue({ key: 'INC-3-F2', createdSince: since })).toEqual({ ref: 'github:acme/ops#2', url: 'https://github.example/acme/ops/issues/2' });
    const lists = github.requests.filter((r) => r.method === 'GET');
    expect(lists).toHaveLength(2);
    expect(new URL(lists[0]!.path, github.url).searchParams.get('since')).toBe(since.toISOString());
    // Created (and last updated) before the follow-up: not its issue.
    expect(await tracker().findIssue({ key: 'INC-3-F1', createdSince: since })).toBeUndefined();
    expect(github.requests.filter((r) => r.method === 'GET')).toHaveLength(4);
  });
});
