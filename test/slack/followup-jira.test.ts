import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { FAKE_JIRA_EMAIL, FAKE_JIRA_TOKEN, FakeJira } from '../support/fake-jira.js';
import { datepicker, plainText, usersSelect } from '../support/slack-requests.js';
import { answerTo, declare, startResponderApp } from './responder-support.js';
import { processFileWithTracker } from './tracker-process-file.js';

const processFileFor = (jira: FakeJira) =>
  processFileWithTracker(`jira: { url: "${jira.url}/", email: ${FAKE_JIRA_EMAIL}, token: "${FAKE_JIRA_TOKEN}", project: OPS, issue_type: Task }`);

/** The text and link marks of an ADF doc, paragraph by paragraph: `text` or `[text](href)`. */
function readAdf(doc: any): string[] {
  return doc.content.map((p: any) => p.content.map((t: any) => (t.marks?.[0]?.type === 'link' ? `[${t.text}](${t.marks[0].attrs.href})` : t.text)).join(''));
}

describe.each(DATABASE_KINDS)('follow-ups in Jira Cloud on %s', (kind) => {
  let app: TestApp;
  let jira: FakeJira;
  beforeAll(async () => {
    jira = await FakeJira.start();
    app = await startResponderApp(kind, { SITREP_CONFIG: processFileFor(jira) });
  });
  afterAll(async () => {
    await app?.stop();
    await jira?.close();
  });

  const row = (incidentNumber: number, seq = 1) =>
    app.sitrep.ctx.db.selectFrom('followups').selectAll().where('incident_number', '=', incidentNumber).where('seq', '=', seq).executeTakeFirstOrThrow();
  const tracked = (incidentNumber: number, seq = 1) =>
    eventually(async () => ((await row(incidentNumber, seq)).tracker_url ? row(incidentNumber, seq) : undefined), 15_000, 'the issue URL stored');
  const channelSays = (channelId: string, pattern: RegExp) =>
    eventually(() => app.fake.messages(channelId).find((m) => pattern.test(String(m.text))), 15_000, `a message matching ${pattern}`);

  it('/incident followup opens a Task in the project, its description in ADF linking back to the channel; the browse URL is stored and shown', async () => {
    const incident = await declare(app, 'declare sev2 Payments failing');
    const key = `INC-${incident.number}-F1`;
    await answerTo(app, 'followup Add a payments runbook <@UBOB> due 2031-01-15', { userId: 'UALICE', channelId: incident.channelId });
    const stored = await tracked(incident.number);
    const issue = jira.issues.find((i) => i.summary === `${key}: Add a payments runbook`)!;
    expect(issue).toMatchObject({ project: 'OPS', issueType: 'Task', key: expect.stringMatching(/^OPS-\d+$/) });
    const channelUrl = `${app.fake.workspaceUrl}archives/${incident.channelId}`;
    expect(readAdf(issue.description)).toEqual([
      'Add a payments runbook',
      `Follow-up of INC-${incident.number} (Payments failing).`,
      'Owner in Slack: UBOB, due 2031-01-15.',
      `INC-${incident.number} channel: [${channelUrl}](${channelUrl})`,
    ]);
    const sent = jira.server.requestsTo('POST', '/rest/api/3/issue').at(-1)!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${FAKE_JIRA_EMAIL}:${FAKE_JIRA_TOKEN}`).toString('base64')}`);
    expect(stored).toMatchObject({ tracker_url: `${jira.url}/browse/${issue.key}`, tracker_ref: `jira:${issue.key}` });
    await eventually(() => app.fake.messages(incident.channelId).some((m) => String(m.text).startsWith(`Follow-up ${key} `) && JSON.stringify(m.blocks).includes(`<${jira.url}/browse/${issue.key}|issue>`)), 10_000, 'the issue link on the message');
  });

  it('a follow-up from the message shortcut links its issue to the source message', async () => {
    const incident = await declare(app, 'declare sev3 Disk full');
    const said = app.fake.postUserMessage({ channel: incident.channelId, user: 'UBOB', text: 'Alert at 80% disk, not 95%' });
    const shortcut = await app.slack.messageShortcut('create_followup', { channel: incident.channelId, ts: said.ts, text: 'Alert at 80% disk, not 95%', user: 'UBOB' }, { userId: 'UALICE' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === shortcut.triggerId);
    await app.slack.viewSubmission(
      app.fake.views.get(opened.response.view.id),
      { followup_text: { text: plainText('Alert at 80% disk') }, followup_owner: { owner: usersSelect('UBOB') }, followup_due: { due: datepicker('2031-04-01') } },
      { userId: 'UALICE' },
    );
    const stored = await tracked(incident.number);
    const permalink = `${app.fake.workspaceUrl}archives/${incident.channelId}/p${said.ts.replace('.', '')}`;
    const issue = jira.issues.find((i) => i.summary === `INC-${incident.number}-F1: Alert at 80% disk`)!;
    expect(readAdf(issue.description)).toContain(`Source message: [${permalink}](${permalink})`);
    expect(stored.source_link).toBe(permalink);
  });

  it('a 500 and a 429 with Retry-After are retried: the issue is opened once', async () => {
    const incident = await declare(app, 'declare sev3 Slow search');
    jira.server.failNext('/rest/api/3/issue', { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } });
    jira.server.failNext('/rest/api/3/issue', { status: 429, headers: { 'retry-after': '1' } });
    const before = jira.server.requestsTo('POST', '/rest/api/3/issue').length;
    await answerTo(app, 'followup Tune the index', { userId: 'UALICE', channelId: incident.channelId });
    expect((await row(incident.number)).text).toBe('Tune the index');
    await tracked(incident.number);
    expect(jira.issues.filter((i) => i.summary === `INC-${incident.number}-F1: Tune the index`)).toHaveLength(1);
    expect(jira.server.requestsTo('POST', '/rest/api/3/issue').length - before).toBe(3);
  });

  it('a 502 after Jira opened the issue: the retry finds it by JQL instead of opening a second; its URL is stored', async () => {
    const incident = await declare(app, 'declare sev3 Lost answer');
    const summary = `INC-${incident.number}-F1: Rotate the keys`;
    jira.failNextCreateAfterWrite({ status: 502, body: { errorMessages: ['Bad gateway'], errors: {} } });
    await answerTo(app, 'followup Rotate the keys', { userId: 'UALICE', channelId: incident.channelId });
    const stored = await tracked(incident.number);
    const issues = jira.issues.filter((i) => i.summary === summary);
    expect(issues).toHaveLength(1);
    expect(stored).toMatchObject({ tracker_url: `${jira.url}/browse/${issues[0]!.key}`, tracker_ref: `jira:${issues[0]!.key}` });
    const searched = jira.server.requestsTo('POST', '/rest/api/3/search/jql').at(-1)!;
    expect(searched.body.jql).toBe(`project = "OPS" AND summary ~ "\\"INC-${incident.number}-F1\\"" ORDER BY created DESC`);
  });

  it('a 400 is not retried: the channel is told which follow-up and what Jira said; the follow-up stays', async () => {
    const incident = await declare(app, 'declare sev3 Queue stuck');
    const key = `INC-${incident.number}-F1`;
    jira.issueTypes.delete('Task');
    try {
      await answerTo(app, 'followup Drain the queue', { userId: 'UALICE', channelId: incident.channelId });
      const report = await channelSays(incident.channelId, /could not open an issue in Jira/);
      expect(report.text).toBe(
        `:warning: Sitrep could not open an issue in Jira for follow-up *${key}* (Drain the queue) after 1 try: Jira answered 400: issuetype: Specify a valid issue type. The follow-up is kept here; open its issue by hand.`,
      );
    } finally {
      jira.issueTypes.add('Task');
    }
    expect(await row(incident.number)).toMatchObject({ text: 'Drain the queue', state: 'open', tracker_url: null });
    await channelSays(incident.channelId, new RegExp(`^Follow-up ${key} \\(open\\)`));
  });

  it('Jira down through every try is reported once, after the retries', async () => {
    const incident = await declare(app, 'declare sev3 Cache cold');
    const key = `INC-${incident.number}-F1`;
    // Retry-After: 0 keeps the six tries quick.
    jira.server.failNext('/rest/api/3/issue', { status: 503, headers: { 'retry-after': '0' }, body: { errorMessages: ['Service unavailable'], errors: {} } }, 6);
    await answerTo(app, 'followup Warm the cache', { userId: 'UALICE', channelId: incident.channelId });
    const report = await channelSays(incident.channelId, /could not open an issue in Jira/);
    expect(report.text).toContain(`for follow-up *${key}* (Warm the cache) after 6 tries: Jira answered 503: Service unavailable.`);
    // A probe: a later follow-up gets its issue, so the given-up one was not tried again.
    await answerTo(app, 'followup Add a cache dashboard', { userId: 'UALICE', channelId: incident.channelId });
    await tracked(incident.number, 2);
    expect(jira.issues.map((i) => i.summary)).not.toContain(`${key}: Warm the cache`);
    expect(app.fake.messages(incident.channelId).filter((m) => /could not open an issue/.test(String(m.text)))).toHaveLength(1);
    expect((await row(incident.number)).tracker_url).toBeNull();
  });
});
