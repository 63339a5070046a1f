import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { FakeGithub } from '../support/fake-github.js';
import { answerTo, declare, startResponderApp } from './responder-support.js';
import { processFileWithTracker } from './tracker-process-file.js';

const GITHUB_TOKEN = 'ghp_test_token';
const WEBHOOK_SECRET = 'webhook-secret-123';

/** Today's process with a GitHub tracker at the fake server. */
const processFileFor = (github: FakeGithub) =>
  processFileWithTracker(`github: { repo: acme/ops, token: "${GITHUB_TOKEN}", labels: [incident-followup], api_url: "${github.url}" }`);

describe.each(DATABASE_KINDS)('follow-ups in GitHub Issues on %s', (kind) => {
  let app: TestApp;
  let github: FakeGithub;
  beforeAll(async () => {
    github = await new FakeGithub(GITHUB_TOKEN).start();
    app = await startResponderApp(kind, { SITREP_CONFIG: processFileFor(github), GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await github?.stop();
  });

  const row = (incidentNumber: number) => app.sitrep.ctx.db.selectFrom('followups').selectAll().where('incident_number', '=', incidentNumber).executeTakeFirstOrThrow();

  it('opens an issue per follow-up, linking back to the channel; its URL is stored and shown on the message', async () => {
    const incident = await declare(app);
    const key = `INC-${incident.number}-F1`;
    await answerTo(app, 'followup Add a runbook <@UBOB> due 2031-01-15', { userId: 'UALICE', channelId: incident.channelId });
    const stored = await eventually(async () => ((await row(incident.number)).tracker_url ? row(incident.number) : undefined), 10_000, 'the issue URL stored');
    const issue = github.issues.find((i) => i.title === `${key}: Add a runbook`)!;
    expect(issue).toMatchObject({ repo: 'acme/ops', labels: ['incident-followup'] });
    expect(issue.body).toContain(`${app.fake.workspaceUrl}archives/${incident.channelId}`);
    expect(issue.body).toContain('due 2031-01-15');
    expect(stored).toMatchObject({ tracker_url: issue.html_url, tracker_ref: `github:acme/ops#${issue.number}` });
    await eventually(() => app.fake.messages(incident.channelId).some((m) => String(m.text).startsWith(`Follow-up ${key} `) && JSON.stringify(m.blocks).includes(`<${issue.html_url}|issue>`)), 10_000, 'the issue link on the message');
  });

  it('a 429 with Retry-After and a 502 are retried: the issue is opened once; the follow-up exists meanwhile', async () => {
    const incident = await declare(app, 'declare sev3 Slow search');
    github.failNext(429, 1);
    github.failNext(502);
    await answerTo(app, 'followup Tune the index', { userId: 'UALICE', channelId: incident.channelId });
    expect((await row(incident.number)).text).toBe('Tune the index');
    await eventually(async () => (await row(incident.number)).tracker_url ?? undefined, 15_000, 'the issue after retries');
    expect(github.issues.map((i) => i.title)).toContain(`INC-${incident.number}-F1: Tune the index`);
    expect(github.issues.filter((i) => i.title === `INC-${incident.number}-F1: Tune the index`)).toHaveLength(1);
  });

  const hook = (payload: unknown, signature?: string) => {
    const body = JSON.stringify(payload);
    const signed = signature ?? `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
    return fetch(`${app.baseUrl}/hooks/github`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-hub-signature-256': signed }, body });
  };

  it('closing the issue in GitHub marks the follow-up done in Slack, reopening it opens it; a bad signature is 401', async () => {
    const incident = await declare(app, 'declare sev3 Queue stuck');
    const key = `INC-${incident.number}-F1`;
    await answerTo(app, 'followup Drain the queue', { userId: 'UALICE', channelId: incident.channelId });
    await eventually(async () => (await row(incident.number)).tracker_url ?? undefined, 10_000, 'the issue');
    const issue = github.issues.find((i) => i.title === `${key}: Drain the queue`)!;
    const event = (action: string) => ({ action, issue: { number: issue.number, state: action === 'closed' ? 'closed' : 'open' }, repository: { full_name: 'acme/ops' } });

    expect((await hook(event('closed'), 'sha256=0000')).status).toBe(401);
    expect((await hook(event('closed'), '')).status).toBe(401);
    expect((await row(incident.number)).state).toBe('open');

    expect((await hook(event('closed'))).status).toBe(204);
    expect((await row(incident.number)).state).toBe('done');
    await eventually(() => app.fake.messages(incident.channelId).some((m) => String(m.text).startsWith(`Follow-up ${key} (done)`)), 10_000, 'the message shows done');

    expect((await hook(event('reopened'))).status).toBe(204);
    expect((await row(incident.number)).state).toBe('open');
    await eventually(() => app.fake.messages(incident.channelId).some((m) => String(m.text).startsWith(`Follow-up ${key} (open)`)), 10_000, 'the message shows open');
  });
});
