import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentPolicy } from '../../src/incidents/policy.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { usersSelect } from '../support/slack-requests.js';
import { answerTo, commandIn, declare, incidentRow, INCIDENTS_CHANNEL, postIn, roleRows, topicMatching } from './responder-support.js';

const MINUTE = 60_000;

/** An organisation's own process: three severities that do not sort by text, a lead and a scribe. */
const policy = new IncidentPolicy({
  severities: [
    { id: 'critical', label: 'Critical', updateEveryMs: 10 * MINUTE, major: true },
    { id: 'major', label: 'Major', updateEveryMs: 30 * MINUTE, major: false },
    { id: 'minor', label: 'Minor', updateEveryMs: 120 * MINUTE, major: false },
  ],
  defaultSeverity: 'minor',
  roles: [
    { id: 'lead', title: 'Incident Lead', aliases: ['ic'], instructions: 'You run it.' },
    { id: 'scribe', title: 'Scribe', nudged: true },
  ],
});

describe.each(DATABASE_KINDS)("an organisation's own severities and roles on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { INCIDENTS_CHANNEL }, policy });
    app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const cardOf = (channelId: string, cardTs: string) => {
    const message = app.fake.findMessage(channelId, cardTs);
    if (!message) throw new Error(`no card ${cardTs}`);
    return message;
  };

  it('declares with its severity, shows its labels and roles, and gives the declarer its commander role', async () => {
    const incident = await declare(app, 'declare Critical Card data exposed');
    const row = await incidentRow(app, incident.number);
    expect(row.severity).toBe('critical');
    expect(row.next_update_due_at.getTime() - row.declared_at.getTime()).toBe(10 * MINUTE);
    expect((await roleRows(app, incident.number)).map((r) => [r.role, r.user_id])).toEqual([['lead', 'UALICE']]);

    expect(await topicMatching(app, incident, /^Critical/)).toBe('Critical · investigating · IC <@UALICE>');
    const card = JSON.stringify(cardOf(incident.channelId, incident.cardTs).blocks);
    expect(card).toContain('*Severity*\\n:red_circle: Critical');
    expect(card).toContain('*Incident Lead*\\n<@UALICE>');
    expect(card).toContain('*Scribe*\\n_unassigned_');
    expect(card).toContain('take_role_lead');
    expect(card).toContain('take_role_scribe');
    expect(card).not.toContain('take_role_commander');
  });

  it('declares at its default severity when none is named, and names its severities in usage and help', async () => {
    const incident = await declare(app, 'declare Search is slow');
    expect((await incidentRow(app, incident.number)).severity).toBe('minor');

    const refused = await answerTo(app, 'declare critical', {});
    expect(refused.text).toContain('Give the incident a title. Usage: `/incident declare [critical|major|minor] <title>`');
    const help = (await app.slack.command('help')).json as { text: string };
    expect(help.text).toContain('`/incident severity <critical|major|minor>`');
    expect(help.text).toContain('`/incident role <lead|scribe> <@user>`');
  });

  it('assigns its roles by id, alias and card button, with their titles and instructions', async () => {
    const incident = await declare(app, 'declare major Payments delayed');
    await app.slack.clickButton(cardOf(incident.channelId, incident.cardTs), 'take_role_scribe', { userId: 'UBOB' });
    expect((await postIn(app, incident.channelId, /is now Scribe/)).args.text).toBe('<@UBOB> is now Scribe.');
    const note = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UBOB' && a.channel === incident.channelId);
    expect(note.args.text).toBe(`You are now the *Scribe* of INC-${incident.number}.`);

    await commandIn(app, incident, 'role ic <@UCAROL>');
    expect((await postIn(app, incident.channelId, /is now Incident Lead/)).args.text).toBe('<@UCAROL> is now Incident Lead, taking over from <@UALICE>.');
    const leadNote = await app.fake.waitFor('chat.postEphemeral', (a) => a.user === 'UCAROL' && a.channel === incident.channelId);
    expect(leadNote.args.text).toBe(`You are now the *Incident Lead* of INC-${incident.number}.\nYou run it.`);

    const clicked = await app.slack.clickButton(cardOf(incident.channelId, incident.cardTs), 'open_roles_modal', { userId: 'UCAROL' });
    const opened = await app.fake.waitFor('views.open', (a) => a.trigger_id === clicked.triggerId);
    const form = app.fake.views.get(opened.response.view.id);
    expect(form.blocks.filter((b: { type: string }) => b.type === 'input').map((b: { label: { text: string } }) => b.label.text)).toEqual(['Incident Lead', 'Scribe']);
    await app.slack.viewSubmission(form, { role_lead: { holder: usersSelect('UCAROL') }, role_scribe: { holder: usersSelect('UDAVE') } }, { userId: 'UCAROL' });
    expect((await postIn(app, incident.channelId, /<@UDAVE> is now Scribe/)).args.text).toBe('<@UDAVE> is now Scribe, taking over from <@UBOB>.');

    const usage = await answerTo(app, 'role commander <@UDAVE>', { channelId: incident.channelId });
    expect(usage.text).toMatch(/^:information_source: Usage: `\/incident role <lead\|scribe> @person`/);
  });

  it('raises and lowers by its order, announcing a raise to a major severity', async () => {
    const incident = await declare(app, 'declare minor Emails late');
    await commandIn(app, incident, 'severity critical');
    const raised = await postIn(app, incident.channelId, /severity raised/);
    expect(raised.args.text).toBe(`:arrow_up: INC-${incident.number} severity raised from Minor to :red_circle: *Critical* by <@UALICE>.`);
    await app.fake.waitFor('chat.postMessage', (a) => a.channel === INCIDENTS_CHANNEL && a.thread_ts === incident.announcementTs && /raised/.test(String(a.text)));
    const row = await incidentRow(app, incident.number);
    expect(row.next_update_due_at.getTime() - row.last_update_at.getTime()).toBe(10 * MINUTE);

    await commandIn(app, incident, 'severity major');
    expect((await postIn(app, incident.channelId, /severity lowered/)).args.text).toBe(
      `:arrow_down: INC-${incident.number} severity lowered from Critical to :large_orange_circle: *Major* by <@UALICE>.`,
    );
    const usage = await answerTo(app, 'severity sev1', { channelId: incident.channelId });
    expect(usage.text).toBe(':information_source: Usage: `/incident severity <critical|major|minor>` (critical is the worst).');
  });
});
