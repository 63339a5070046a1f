import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOfIncident } from '../../src/db/effect-store.js';
import { runReportCommand } from '../../src/cli/reports.js';
import { eventually, type TestApp } from '../support/app-harness.js';
import { runSitrep } from '../support/cli-process.js';
import { DATABASE_KINDS } from '../support/databases.js';
import type { UploadedFile } from '../support/fake-slack.js';
import { reactionEvent } from '../support/slack-requests.js';
import {
  answerTo,
  cardText,
  commandIn,
  declare,
  declarePrivate,
  type DeclaredIncident,
  INCIDENTS_CHANNEL,
  incidentRow,
  postIn,
  roleRowsOnce,
  startResponderApp,
  timelineWith,
  topicMatching,
} from './responder-support.js';

const TIMEZONE = 'Europe/Paris';

/** The text of one `## ` section of a Markdown document, without its heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no section "${heading}" in:\n${markdown}`);
  const body = markdown.slice(start + heading.length + 5);
  const end = body.indexOf('\n## ');
  return (end === -1 ? body : body.slice(0, end)).trim();
}

/** The cells after the first of the table row whose first cell is `name`. */
function row(markdown: string, heading: string, name: string): string[] {
  const line = section(markdown, heading)
    .split('\n')
    .find((l) => l.startsWith(`| ${name} |`));
  if (!line) throw new Error(`no row "${name}" in section "${heading}"`);
  return line.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((cell) => cell.trim()).slice(1);
}

describe.each(DATABASE_KINDS)('closing an incident on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind, { TIMEZONE });
    app.fake.addUser({ id: 'UALICE', name: 'alice', real_name: 'Alice Martin' });
    app.fake.addUser({ id: 'UBOB', name: 'bob', real_name: 'Bob Jones' });
    app.fake.addUser({ id: 'UCAROL', name: 'carol', real_name: 'Carol Diaz' });
    app.fake.addUser({ id: 'UDAVE', name: 'dave', real_name: 'Dave Li' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function entryCount(number: number, where: (e: { kind: string; deleted_at: Date | null; edited_at: Date | null; key_event: boolean }) => boolean) {
    const rows = await app.sitrep.ctx.db.selectFrom('timeline_entries').selectAll().where('incident_number', '=', number).execute();
    return rows.filter(where).length;
  }

  /** A person's message in the incident channel, delivered as Slack would, once it is on the timeline. */
  async function say(incident: DeclaredIncident, user: string, text: string, threadTs?: string): Promise<string> {
    const { ts, event } = app.fake.postUserMessage({ channel: incident.channelId, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    expect((await app.slack.event(event)).status).toBe(200);
    await eventually(async () => {
      const stored = await app.sitrep.ctx.db.selectFrom('timeline_entries').select('id').where('message_ts', '=', ts).executeTakeFirst();
      return stored !== undefined;
    }, 10_000, `message ${ts} on the timeline`);
    return ts;
  }

  async function uploadNamed(filename: string): Promise<UploadedFile> {
    return eventually(() => app.fake.uploadedFiles.find((f) => f.filename === filename), 15_000, `the upload of ${filename}`);
  }

  async function retrospectiveRows(number: number) {
    return app.sitrep.ctx.db.selectFrom('retrospectives').selectAll().where('incident_number', '=', number).orderBy('version').execute();
  }

  /** The stored versions once each has the id of its file (recorded after Slack answers the upload). */
  async function postedVersions(number: number, count: number) {
    return eventually(async () => {
      const rows = await retrospectiveRows(number);
      return rows.length === count && rows.every((r) => r.file_id !== null) ? rows : undefined;
    }, 10_000, `${count} posted retrospective versions`);
  }

  it('closes an incident with a real timeline: the uploaded draft holds every section, the version is stored, state, card, topic and announcement follow', async () => {
    const incident = await declare(app, 'declare sev2 Checkout failing', 'UALICE');
    const key = `INC-${incident.number}`;

    // People talk: a message with markup, a thread and its reply, an edit, a deletion, a pinned key event.
    await say(incident, 'UALICE', 'Error rate &gt; 40% on checkout-api &amp; payments, <@UBOB> can you look? <https://grafana.example.com/d/1|dashboard>');
    const rollback = await say(incident, 'UBOB', 'Rolling back deploy 1234');
    await say(incident, 'UCAROL', 'Rollback done on eu-west-1', rollback);
    const typo = await say(incident, 'UDAVE', 'root cause: expired TLS certficate');
    await app.slack.event(app.fake.editUserMessage(incident.channelId, typo, 'root cause: expired TLS certificate on the payments gateway'));
    const secret = await say(incident, 'UDAVE', 'the staging password is hunter2');
    await app.slack.event(app.fake.deleteUserMessage(incident.channelId, secret));
    await app.slack.event(reactionEvent('reaction_added', { user: 'UBOB', reaction: 'pushpin', channel: incident.channelId, ts: typo }));
    await eventually(async () => (await entryCount(incident.number, (e) => e.edited_at !== null && e.key_event)) === 1 && (await entryCount(incident.number, (e) => e.deleted_at !== null)) === 1, 10_000, 'the edit, the deletion and the pin');

    // What Sitrep records: a handoff, a severity change, a milestone, status updates with states.
    await commandIn(app, incident, 'role comms <@UBOB>', 'UALICE');
    await roleRowsOnce(app, incident.number, 2);
    await commandIn(app, incident, 'role comms <@UCAROL>', 'UALICE');
    await roleRowsOnce(app, incident.number, 3);
    await commandIn(app, incident, 'severity sev1', 'UBOB');
    await timelineWith(app, incident.number, 'severity_changed');
    const milestone = await answerTo(app, 'milestone impact-started 30m ago', { userId: 'UALICE', channelId: incident.channelId });
    expect(milestone.text).toMatch(/impact started at/);
    await commandIn(app, incident, 'update identified Expired certificate on the payments gateway', 'UCAROL');
    await timelineWith(app, incident.number, 'status_update', 1);
    await commandIn(app, incident, 'update monitoring New certificate deployed, error rate back to 0.1%', 'UCAROL');
    await timelineWith(app, incident.number, 'status_update', 2);

    await commandIn(app, incident, 'close', 'UALICE');
    const file = await uploadNamed(`${key}-retrospective-v1.md`);

    // The file: in the channel, titled, with the headline figures as its comment.
    expect(file.channelId).toBe(incident.channelId);
    expect(file.title).toBe(`${key} retrospective draft, version 1`);
    expect(file.initialComment).toMatch(new RegExp(`^:lock: \\*${key} closed\\* by <@UALICE>\\. Retrospective draft \\(version 1\\) attached`));
    expect(file.initialComment).toMatch(/\nDuration \d+m \(impact started → closed\) · time to resolve \d+[sm] · 2 status updates$/);
    const md = file.content;

    // Title, version and zone.
    expect(md.startsWith(`# ${key}: Checkout failing\n`)).toBe(true);
    expect(md).toContain('Retrospective draft, version 1,');
    expect(md).toContain(`Times are in ${TIMEZONE}.`);

    // Summary: severity and its change, the four times, counts.
    expect(row(md, 'Summary', 'Severity')).toEqual(['SEV1 (declared as SEV2)']);
    expect(row(md, 'Summary', 'Severity changes')[0]).toMatch(/^SEV2 → SEV1 at \d{4}-\d\d-\d\d \d\d:\d\d by @Bob Jones$/);
    expect(row(md, 'Summary', 'Declared')[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${TIMEZONE} by @Alice Martin$`));
    for (const field of ['Identified', 'Resolved', 'Closed']) expect(row(md, 'Summary', field)[0], field).toMatch(new RegExp(`${TIMEZONE}$`));
    expect(row(md, 'Summary', 'Time to identify')[0]).toMatch(/^\d+[sm]$/);
    expect(row(md, 'Summary', 'Time to resolve')[0]).toMatch(/^\d+[sm]$/);
    expect(row(md, 'Summary', 'Status updates')).toEqual(['2']);
    expect(row(md, 'Summary', 'Nudges')).toEqual(['0']);

    // Milestones: impact start as recorded; detected defaults to declared; mitigated to the first monitoring.
    expect(row(md, 'Milestones', 'Impact started')[1]).toBe('recorded');
    expect(row(md, 'Milestones', 'Detected')[1]).toBe('not recorded: defaults to declared');
    expect(row(md, 'Milestones', 'Mitigated')[1]).toBe('not recorded: defaults to the first time the state became monitoring');
    expect(row(md, 'Milestones', 'Time to detect')[1]).toMatch(/^30m$|^29m$/);
    expect(section(md, 'Milestones')).toContain('Never recorded: detected, mitigated.');

    // Roles: the declarer commanded throughout; comms went from Bob to Carol.
    expect(row(md, 'Roles and handoffs', 'Incident Commander')[0]).toBe('@Alice Martin');
    const roles = section(md, 'Roles and handoffs');
    expect(roles).toMatch(/\| Communications Lead \| @Bob Jones \| .* \(handed over\) \|/);
    expect(roles).toMatch(/\| Communications Lead \| @Carol Diaz \| .* \(resolved\) \|/);
    expect(roles).toContain('Communications Lead: @Bob Jones → @Carol Diaz, handoff (assigned by @Alice Martin)');

    // Participants with their messages; the deleted one does not count.
    expect(row(md, 'Participants', '@Dave Li').slice(0, 2)).toEqual(['1', '0']);
    expect(row(md, 'Participants', '@Carol Diaz').slice(0, 2)).toEqual(['1', '2']);
    expect(row(md, 'Participants', '@Alice Martin')[2]).toContain('declarer');

    // Impact: no description at declare, so the latest update stands in.
    const impact = section(md, 'Impact');
    expect(impact).toContain('_No impact was described when the incident was declared._');
    expect(impact).toContain('Severity over time: SEV2 → SEV1');
    expect(impact).toContain('New certificate deployed, error rate back to 0.1%');

    // Status updates in order, with their states.
    const updates = section(md, 'Status updates');
    expect(updates.indexOf('state: identified')).toBeLessThan(updates.indexOf('state: monitoring'));
    expect(updates).toContain('Expired certificate on the payments gateway');

    // Timeline: in order, markup readable, the reply under its parent, edit marked, pin marked, deletion absent.
    const timeline = section(md, 'Timeline');
    expect(timeline).toContain('@Alice Martin: Error rate &gt; 40% on checkout-api & payments, @Bob Jones can you look? [dashboard](https://grafana.example.com/d/1)');
    expect(timeline).toMatch(/\n- \*\*\d\d:\d\d\*\* @Bob Jones: Rolling back deploy 1234\n {2}- \*\*\d\d:\d\d\*\* @Carol Diaz: Rollback done on eu-west-1\n/);
    expect(timeline).toMatch(/📌 @Dave Li: root cause: expired TLS certificate on the payments gateway _\(edited\)_/);
    expect(timeline).not.toContain('hunter2');
    expect(timeline).not.toContain('certficate');
    for (const kindLabel of ['declared', 'role handoff', 'severity changed', 'milestone', 'status update', 'state changed', 'resolved']) {
      expect(timeline, kindLabel).toContain(`_${kindLabel}_`);
    }
    expect(timeline.indexOf('Error rate')).toBeLessThan(timeline.indexOf('Rolling back'));
    expect(timeline.indexOf('_severity changed_')).toBeLessThan(timeline.indexOf('_resolved_'));

    // The prompts to fill in.
    for (const heading of ['What went well', 'What went wrong', 'Where we got lucky']) expect(md).toContain(`\n## ${heading}\n`);
    expect(section(md, 'Action items')).toMatch(/^- \[ \] /m);

    // Stored as version 1 with the file's id; closed (resolved on the way), on the timeline.
    const [stored, ...others] = await postedVersions(incident.number, 1);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({ version: 1, markdown: md, created_by: 'UALICE', file_id: file.id });
    // Posted by the effect queue, stored with the close: one run, which recorded the file.
    // The file is recorded by the effect's run; the run is marked finished just after.
    const owed = await eventually(async () => {
      const rows = (await effectsOfIncident(app.sitrep.ctx.db, incident.number)).filter((e) => e.kind === 'incident.closed_posted');
      return rows.every((e) => e.state !== 'pending') ? rows : undefined;
    }, 10_000, 'the close post finished');
    expect(owed.map((e) => [e.state, e.attempts, e.result?.fileId])).toEqual([['done', 1, file.id]]);
    const closed = await incidentRow(app, incident.number);
    expect(closed.state).toBe('closed');
    expect(closed.resolved_at).not.toBeNull();
    expect(closed.closed_at!.getTime()).toBeGreaterThanOrEqual(closed.resolved_at!.getTime());
    const entries = await timelineWith(app, incident.number, 'closed');
    expect(entries.find((e) => e.kind === 'closed')).toMatchObject({ author_id: 'UALICE', text: 'Closed; retrospective draft version 1', data: { from: 'resolved', version: 1 } });
    expect(entries.filter((e) => e.kind === 'resolved')).toHaveLength(1);

    // What Slack shows: the resolve notice, topic, card, and the close under the announcement.
    await postIn(app, incident.channelId, new RegExp(`${key} resolved\\* by <@UALICE>`));
    expect(await topicMatching(app, incident, /closed/)).toBe('SEV1 · closed · IC <@UALICE>');
    await eventually(() => cardText(app, incident).includes('closed'), 10_000, 'the card to show closed');
    const announced = await postIn(app, INCIDENTS_CHANNEL, new RegExp(`${key} closed`));
    expect(announced.args.thread_ts).toBe(incident.announcementTs);
    expect(announced.args.text).toContain(`The retrospective draft is in <#${incident.channelId}>.`);
    expect(announced.args.text).toMatch(/· 2 status updates$/);
  });

  it('refuses a second close, then after a reopen writes version 2 as a new file; `sitrep retro` prints either version', async () => {
    const incident = await declare(app, 'declare sev3 Search slow', 'UBOB');
    const key = `INC-${incident.number}`;
    await commandIn(app, incident, 'resolve Cache warmed', 'UBOB');
    await topicMatching(app, incident, /resolved/);
    await commandIn(app, incident, 'close', 'UBOB');
    const v1 = await uploadNamed(`${key}-retrospective-v1.md`);
    await topicMatching(app, incident, /closed/);

    const again = await answerTo(app, 'close', { userId: 'UBOB', channelId: incident.channelId });
    expect(again).toMatchObject({
      response_type: 'ephemeral',
      text: `:information_source: ${key} is already closed. Use \`/incident reopen\` first; closing it again writes a new version of the retrospective.`,
    });
    // Closing a resolved incident does not resolve it again.
    expect((await timelineWith(app, incident.number, 'closed')).filter((e) => e.kind === 'resolved')).toHaveLength(1);

    await commandIn(app, incident, 'reopen', 'UBOB');
    await topicMatching(app, incident, /investigating/);
    await say(incident, 'UBOB', 'Slow again after the cache flush');
    await commandIn(app, incident, 'close', 'UCAROL');
    const v2 = await uploadNamed(`${key}-retrospective-v2.md`);

    expect(v2.id).not.toBe(v1.id);
    expect(v2.channelId).toBe(incident.channelId);
    expect(v2.content).toContain('Retrospective draft, version 2,');
    expect(v2.content).toContain('Slow again after the cache flush');
    expect(section(v2.content, 'Timeline')).toContain('_reopened_');
    expect(section(v2.content, 'Timeline')).toContain('_closed_: Closed; retrospective draft version 1');
    expect(row(v2.content, 'Summary', 'Reopened')[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(v1.content).not.toContain('Slow again');
    const rows = await postedVersions(incident.number, 2);
    expect(rows.map((r) => [r.version, r.file_id, r.created_by])).toEqual([
      [1, v1.id, 'UBOB'],
      [2, v2.id, 'UCAROL'],
    ]);

    const report = { command: 'retro' as const, json: false, version: undefined, timezone: TIMEZONE, policy: app.sitrep.ctx.policy };
    expect(await runReportCommand(app.sitrep.ctx.db, { ...report, positionals: [key] })).toBe(v2.content);
    expect(await runReportCommand(app.sitrep.ctx.db, { ...report, positionals: [String(incident.number)], version: '1' })).toBe(v1.content);
    await expect(runReportCommand(app.sitrep.ctx.db, { ...report, positionals: [key], version: '3' })).rejects.toThrow(`${key} has no retrospective version 3: versions 1 to 2 exist.`);

    if (app.database.databaseUrl) {
      // The real CLI, against the same Postgres database the bot writes to.
      const latest = await runSitrep(['retro', key], { DATABASE_URL: app.database.databaseUrl, TIMEZONE });
      expect(latest).toMatchObject({ code: 0, stderr: '' });
      expect(latest.stdout).toBe(v2.content);
      const older = await runSitrep(['retro', key, '--version', '1'], { DATABASE_URL: app.database.databaseUrl });
      expect(older.stdout).toBe(v1.content);
      const missing = await runSitrep(['retro', 'INC-999'], { DATABASE_URL: app.database.databaseUrl });
      expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'There is no incident INC-999.\n' });
    }
  });

  it('still closes and keeps the draft when Slack will not take the file, and says how to get it', async () => {
    const incident = await declare(app, 'declare sev2 Login errors', 'UALICE');
    const key = `INC-${incident.number}`;
    app.fake.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const answer = await answerTo(app, 'close', { userId: 'UALICE', channelId: incident.channelId });
    expect(answer).toMatchObject({
      response_type: 'ephemeral',
      text: `:warning: ${key} is closed and its retrospective draft (version 1) is saved, but Slack would not take the file: the Slack app lacks a permission it needs (reinstall it from the manifest). \`sitrep retro ${key}\` prints it.`,
    });
    const notice = await postIn(app, incident.channelId, new RegExp(`${key} closed`));
    expect(notice.args.text).toContain(`Slack would not take the file: \`sitrep retro ${key}\` prints it.`);
    expect((await incidentRow(app, incident.number)).state).toBe('closed');
    const [stored] = await retrospectiveRows(incident.number);
    expect(stored).toMatchObject({ version: 1, file_id: null });
    expect(stored!.markdown).toContain(`# ${key}: Login errors`);
    expect(app.fake.uploadedFiles.some((f) => f.filename.startsWith(`${key}-`))).toBe(false);
    await postIn(app, INCIDENTS_CHANNEL, new RegExp(`${key} closed`));
  });

  it('uploads the draft once when Slack shared the file but its answer was lost: the retry finds it in the channel', async () => {
    const incident = await declare(app, 'declare sev3 Upload answer lost', 'UALICE');
    const key = `INC-${incident.number}`;
    const filename = `${key}-retrospective-v1.md`;
    app.fake.failNext('files.completeUploadExternal', { status: 500, afterWrite: true });
    expect((await commandIn(app, incident, 'close', 'UALICE')).status).toBe(200);
    const [stored] = await postedVersions(incident.number, 1);
    const effect = await eventually(async () => {
      const rows = (await effectsOfIncident(app.sitrep.ctx.db, incident.number)).filter((e) => e.kind === 'incident.closed_posted');
      return rows.length === 1 && rows[0]!.state === 'done' ? rows[0] : undefined;
    }, 10_000, 'the close effect done');
    expect(effect.attempts).toBe(2);
    const uploads = app.fake.uploadedFiles.filter((f) => f.filename === filename);
    expect(uploads).toHaveLength(1);
    expect(stored!.file_id).toBe(uploads[0]!.id);
    expect(app.fake.callsTo('files.getUploadURLExternal').filter((c) => c.args.filename === filename)).toHaveLength(1);
    const shares = app.fake.messages(incident.channelId).filter((m) => (m.files ?? []).some((f: { name?: string }) => f.name === filename));
    expect(shares).toHaveLength(1);
    // Not told as refused: the file is there.
    expect(app.fake.messages(incident.channelId).filter((m) => /Slack would not take the file/.test(String(m.text)))).toHaveLength(0);
    await postIn(app, INCIDENTS_CHANNEL, new RegExp(`${key} closed`));
    expect(app.fake.messages(INCIDENTS_CHANNEL, { thread_ts: incident.announcementTs }).filter((m) => new RegExp(`${key} closed`).test(String(m.text)))).toHaveLength(1);
  });

  it('of two closes of an open incident at once, one resolves, closes and writes version 1; the other is told it is closed', async () => {
    const incident = await declare(app, 'declare sev3 Two closers', 'UALICE');
    const key = `INC-${incident.number}`;
    const replies = await Promise.all([commandIn(app, incident, 'close', 'UALICE'), commandIn(app, incident, 'close', 'UBOB')]);
    const answered = (url: string) => replies.some((r) => r.responseUrl === url);
    const refusal = await app.fake.waitFor('response_url', (a) => answered(a.url), 15_000);
    expect(refusal.args.text).toBe(`:information_source: ${key} is already closed. Use \`/incident reopen\` first; closing it again writes a new version of the retrospective.`);
    await uploadNamed(`${key}-retrospective-v1.md`);
    expect((await retrospectiveRows(incident.number)).map((r) => r.version)).toEqual([1]);
    const entries = await timelineWith(app, incident.number, 'closed');
    expect(entries.filter((e) => e.kind === 'resolved')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'closed')).toHaveLength(1);
    expect(app.fake.uploadedFiles.filter((f) => f.filename.startsWith(`${key}-`))).toHaveLength(1);
    // The winner's answer is the file in the channel: once its close is done, still one answer.
    await topicMatching(app, incident, /closed/);
    expect(app.fake.callsTo('response_url').filter((c) => answered(c.args.url))).toHaveLength(1);
  });

  it('closes a private incident without a word under the announcement', async () => {
    const incident = await declarePrivate(app, 'Leaked credentials', 'UBOB', 'sev2');
    const key = `INC-${incident.number}`;
    await commandIn(app, incident, 'close', 'UBOB');
    const file = await uploadNamed(`${key}-retrospective-v1.md`);
    expect(file.channelId).toBe(incident.channelId);
    expect(file.content).toContain(`# ${key}: Leaked credentials`);
    await topicMatching(app, incident, /closed/);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === INCIDENTS_CHANNEL && c.args.thread_ts === incident.announcementTs)).toEqual([]);
  });

  it('says close works only in an incident channel when typed elsewhere', async () => {
    const answer = await answerTo(app, 'close', { channelId: 'C0GENERAL' });
    expect(answer.text).toMatch(/works in an incident channel/);
  });
});
