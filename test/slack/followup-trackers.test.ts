import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { FakeGithub } from '../support/fake-github.js';
import { todaysPolicy } from '../support/policy.js';
import { timelineReport } from '../../src/cli/timeline-report.js';
import { sendFollowupReminders } from '../../src/usecases/send-followup-reminders.js';
import { appHomeOpened, datepicker, plainText, usersSelect } from '../support/slack-requests.js';
import { answerTo, commandIn, declare, startResponderApp, topicMatching } from './responder-support.js';
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

  it('a 502 after GitHub opened the issue: the retry finds it instead of opening a second; its URL is stored', async () => {
    const incident = await declare(app, 'declare sev3 Lost answer');
    const title = `INC-${incident.number}-F1: Rotate the keys`;
    github.failNextAfterWrite(502);
    await answerTo(app, 'followup Rotate the keys', { userId: 'UALICE', channelId: incident.channelId });
    const stored = await eventually(async () => ((await row(incident.number)).tracker_url ? row(incident.number) : undefined), 15_000, 'the issue URL stored');
    const issues = github.issues.filter((i) => i.title === title);
    expect(issues).toHaveLength(1);
    expect(stored).toMatchObject({ tracker_url: issues[0]!.html_url, tracker_ref: `github:acme/ops#${issues[0]!.number}` });
    // The retry listed the repository's issues (not the eventually consistent search) before anything else.
    const listed = github.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/repos/acme/ops/issues?'));
    expect(listed.length).toBeGreaterThan(0);
    expect(new URL(listed.at(-1)!.path, github.url).searchParams.get('state')).toBe('all');
    await eventually(() => app.fake.messages(incident.channelId).some((m) => JSON.stringify(m.blocks ?? '').includes(`<${issues[0]!.html_url}|issue>`)), 10_000, 'the issue link on the message');
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

  it('an issue GitHub refuses is reported in the channel, naming the follow-up and what GitHub said; the follow-up stays', async () => {
    const incident = await declare(app, 'declare sev3 Cert expiring');
    const key = `INC-${incident.number}-F1`;
    github.failNext(410);
    await answerTo(app, 'followup Automate cert renewal', { userId: 'UALICE', channelId: incident.channelId });
    const report = await eventually(() => app.fake.messages(incident.channelId).find((m) => /could not open an issue in GitHub/.test(String(m.text))), 10_000, 'the report');
    expect(report.text).toBe(
      `:warning: Sitrep could not open an issue in GitHub for follow-up *${key}* (Automate cert renewal) after 1 try: GitHub answered 410: Issues are disabled for this repo. The follow-up is kept here; open its issue by hand.`,
    );
    expect(await row(incident.number)).toMatchObject({ text: 'Automate cert renewal', state: 'open', tracker_url: null });
    expect(github.issues.map((i) => i.title)).not.toContain(`${key}: Automate cert renewal`);

    // On the timeline too, linked to the report in the channel, and so in `sitrep timeline`.
    const said = `Follow-up ${key}: no issue in GitHub after 1 try (GitHub answered 410: Issues are disabled for this repo); open it by hand`;
    const entry = await eventually(
      () => app.sitrep.ctx.db.selectFrom('timeline_entries').selectAll().where('incident_number', '=', incident.number).where('kind', '=', 'followup').where('author_id', 'is', null).where('message_ts', 'is not', null).executeTakeFirst(),
      10_000,
      'the timeline entry, linked to the report',
    );
    expect(entry).toMatchObject({ text: said, message_ts: report.ts, channel_id: incident.channelId });
    const printed = await timelineReport(app.sitrep.ctx.db, { command: 'timeline', positionals: [`INC-${incident.number}`], json: false, version: undefined, timezone: 'UTC', policy: todaysPolicy });
    expect(printed.split('\n').filter((l) => l.includes('[followup]'))).toEqual([expect.stringContaining(`@UALICE  [followup] Follow-up ${key}: Automate cert renewal`), expect.stringContaining(`Sitrep  [followup] ${said}`)]);
  });

  it('done when: follow-ups by command and from a message show in the channel, /incident followups mine, the Home, GitHub and the retrospective; closing an issue marks it done; an overdue one is reminded once per run', async () => {
    const incident = await declare(app, 'declare sev2 Login outage');
    const key = `INC-${incident.number}`;
    await answerTo(app, 'followup Add login canary <@UDORA> due 2020-01-01', { userId: 'UALICE', channelId: incident.channelId });
    const said = app.fake.postUserMessage({ channel: incident.channelId, user: 'UBOB', text: 'Sessions should survive a deploy' });
    const shortcut = await app.slack.messageShortcut('create_followup', { channel: incident.channelId, ts: said.ts, text: 'Sessions should survive a deploy', user: 'UBOB' }, { userId: 'UALICE' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === shortcut.triggerId);
    await app.slack.viewSubmission(
      app.fake.views.get(opened.response.view.id),
      { followup_text: { text: plainText('Keep sessions across deploys') }, followup_owner: { owner: usersSelect('UDORA') }, followup_due: { due: datepicker('2031-04-01') } },
      { userId: 'UALICE' },
    );
    const rows = () => app.sitrep.ctx.db.selectFrom('followups').selectAll().where('incident_number', '=', incident.number).orderBy('seq').execute();
    const [f1, f2] = await eventually(async () => ((await rows()).filter((r) => r.tracker_url).length === 2 ? rows() : undefined), 15_000, 'both issues opened');

    // In GitHub, each linking back; the one from a message links to it.
    const permalink = `${app.fake.workspaceUrl}archives/${incident.channelId}/p${said.ts.replace('.', '')}`;
    const issue1 = github.issues.find((i) => i.title === `${key}-F1: Add login canary`)!;
    const issue2 = github.issues.find((i) => i.title === `${key}-F2: Keep sessions across deploys`)!;
    expect([f1!.tracker_url, f2!.tracker_url]).toEqual([issue1.html_url, issue2.html_url]);
    expect(issue2.body).toContain(`Source message: ${permalink}`);

    // In the channel, each with its issue link.
    for (const [seq, issue] of [[1, issue1], [2, issue2]] as const) {
      await eventually(() => app.fake.messages(incident.channelId).some((m) => String(m.text).startsWith(`Follow-up ${key}-F${seq} (open)`) && JSON.stringify(m.blocks).includes(`<${issue.html_url}|issue>`)), 10_000, `F${seq}'s message with its issue`);
    }

    // In /incident followups mine and the Home, overdue first.
    const mine = await answerTo(app, 'followups mine', { userId: 'UDORA', channelId: 'C0GENERAL' });
    expect(mine.text.split('\n').slice(1).map((l: string) => l.split(' · ')[0])).toEqual([`:pushpin: *${key}-F1* Add login canary`, `:pushpin: *${key}-F2* Keep sessions across deploys`]);
    await app.slack.event(appHomeOpened('UDORA'));
    const home = await app.fake.waitFor('views.publish', (a) => a.user_id === 'UDORA');
    expect(JSON.stringify(home.args.view.blocks)).toMatch(new RegExp(`${key}-F1\\* Add login canary · open \\(overdue\\).*${key}-F2\\* Keep sessions across deploys`));

    // The overdue one: one DM to its owner, though two replicas run the reminders.
    await Promise.all([sendFollowupReminders(app.sitrep.ctx), sendFollowupReminders(app.sitrep.ctx)]);
    await eventually(async () => (await app.sitrep.ctx.db.selectFrom('effects').select('id').where('state', '=', 'pending').execute()).length === 0, 10_000, 'every effect run');
    const dms = app.fake.messages(app.fake.dmChannelId('UDORA'));
    expect(dms).toHaveLength(1);
    expect(String(dms[0]!.text)).toContain(`${key}-F1* Add login canary`);
    expect(String(dms[0]!.text)).not.toContain(`${key}-F2`);

    // Closing F1's issue in GitHub marks it done in Slack.
    expect((await hook({ action: 'closed', issue: { number: issue1.number, state: 'closed' }, repository: { full_name: 'acme/ops' } })).status).toBe(204);
    await eventually(() => app.fake.messages(incident.channelId).some((m) => String(m.text).startsWith(`Follow-up ${key}-F1 (done)`)), 10_000, 'F1 shown done');

    // In the retrospective's Action items, with their issue links.
    await commandIn(app, incident, 'resolve Canary added');
    await topicMatching(app, incident, /resolved/);
    await commandIn(app, incident, 'close');
    const retro = await eventually(() => app.sitrep.ctx.db.selectFrom('retrospectives').selectAll().where('incident_number', '=', incident.number).executeTakeFirst(), 10_000, 'the retrospective');
    const items = retro.markdown.slice(retro.markdown.indexOf('## Action items')).split('\n').filter((l) => l.startsWith('- '));
    expect(items).toEqual([
      `- [x] ${key}-F1 Add login canary — done, owner: @UDORA, due: 2020-01-01, tracked in: <${issue1.html_url}>`,
      `- [ ] ${key}-F2 Keep sessions across deploys — open, owner: @UDORA, due: 2031-04-01, tracked in: <${issue2.html_url}>`,
    ]);
  });
});
