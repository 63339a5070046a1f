import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { FakeGithub } from '../support/fake-github.js';
import { answerTo, declare, startResponderApp } from './responder-support.js';

const GITHUB_TOKEN = 'ghp_test_token';

/** Today's process with a GitHub tracker at the fake server. */
function processFileFor(github: FakeGithub): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sitrep-followups-')), 'sitrep.yaml');
  writeFileSync(
    file,
    [
      'severities:',
      '  - { id: sev1, update_every: 15m }',
      '  - { id: sev2, update_every: 30m }',
      '  - { id: sev3, update_every: 1h }',
      '  - { id: sev4, update_every: 4h }',
      'default_severity: sev3',
      'roles:',
      '  - { id: commander, title: Incident commander }',
      '  - { id: comms, title: Communications lead }',
      '  - { id: ops, title: Operations lead }',
      'followups:',
      '  tracker:',
      `    github: { repo: acme/ops, token: "${GITHUB_TOKEN}", labels: [incident-followup], api_url: "${github.url}" }`,
      '',
    ].join('\n'),
  );
  return file;
}

describe.each(DATABASE_KINDS)('follow-ups in GitHub Issues on %s', (kind) => {
  let app: TestApp;
  let github: FakeGithub;
  beforeAll(async () => {
    github = await new FakeGithub(GITHUB_TOKEN).start();
    app = await startResponderApp(kind, { SITREP_CONFIG: processFileFor(github) });
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
});
