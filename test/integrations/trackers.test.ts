import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jiraTracker } from '../../src/integrations/trackers/jira.js';
import { TrackerError } from '../../src/integrations/trackers/tracker.js';
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
