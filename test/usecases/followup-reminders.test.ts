import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../../src/scheduler/jobs.js';
import { REMINDER_EFFECTS, sendFollowupReminders, sendRetroDueReminders } from '../../src/usecases/send-followup-reminders.js';
import { eventually, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { answerTo, commandIn, declare, incidentRow, startResponderApp } from '../slack/responder-support.js';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('follow-up and retrospective reminders on %s', (kind) => {
  let app: TestApp;
  let clock: Date;

  beforeAll(async () => {
    // The crons never fire during the suite: each test runs the reminders itself on a fake clock
    // (in the past, so the effects they owe are due at once).
    app = await startResponderApp(kind, { FOLLOWUP_REMINDER_CRON: '0 0 1 1 *', TIMEZONE: 'Europe/Paris', RETRO_DUE_AFTER: '5d' });
    clock = new Date('2026-11-20T08:00:00Z');
    app.sitrep.ctx.now = () => clock;
  });
  afterAll(async () => {
    await app?.stop();
  });

  const dmsTo = (userId: string) => app.fake.messages(app.fake.dmChannelId(userId));
  const settled = () => eventually(async () => {
    const pending = await app.sitrep.ctx.db.selectFrom('effects').select('id').where('state', '=', 'pending').execute();
    return pending.length === 0;
  }, 10_000, 'every effect run');

  it('each owner with overdue follow-ups gets exactly one DM listing them per run day, however many replicas run it', async () => {
    const incident = await declare(app);
    const key = `INC-${incident.number}`;
    const inChannel = { userId: 'UALICE', channelId: incident.channelId };
    await answerTo(app, 'followup Fix the alert <@UOWEN> due 2026-11-18', inChannel);
    await answerTo(app, 'followup Write the runbook <@UOWEN> due 2026-11-19', inChannel);
    await answerTo(app, 'followup Not due yet <@UOWEN> due 2026-12-01', inChannel);
    await answerTo(app, 'followup Due today <@UPAT> due 2026-11-20', inChannel);
    await answerTo(app, 'followup Late too <@UPAT> due 2026-11-01', inChannel);
    await settled();

    // Two replicas run the same cron at once.
    const runs = await Promise.all([sendFollowupReminders(app.sitrep.ctx), sendFollowupReminders(app.sitrep.ctx)]);
    expect(runs.flatMap((r) => r.owners).sort()).toEqual(['UOWEN', 'UPAT']);
    await settled();
    expect(dmsTo('UOWEN').map((m) => String(m.text).split('\n'))).toEqual([
      [
        ':alarm_clock: These 2 follow-ups of yours are overdue:',
        `:pushpin: *${key}-F1* Fix the alert · open (overdue) · owner <@UOWEN> · due 2026-11-18`,
        `:pushpin: *${key}-F2* Write the runbook · open (overdue) · owner <@UOWEN> · due 2026-11-19`,
        "Mark each Done or Won't do on its message in the incident channel (`/incident followups mine` lists them).",
      ],
    ]);
    expect(dmsTo('UPAT')).toHaveLength(1);
    expect(String(dmsTo('UPAT')[0]!.text)).toContain('This follow-up of yours is overdue:');
    expect(String(dmsTo('UPAT')[0]!.text)).not.toContain('Due today');

    // Later the same day: nothing more.
    clock = new Date(clock.getTime() + 3 * 3_600_000);
    expect((await sendFollowupReminders(app.sitrep.ctx)).owners).toEqual([]);

    // The next run day, once again: F1 is done by then, so only F2 is listed.
    const f1 = app.fake.messages(incident.channelId).find((m) => String(m.text).startsWith(`Follow-up ${key}-F1 `))!;
    await app.slack.clickButton({ ...f1, channel: incident.channelId }, 'followup_done', { userId: 'UOWEN' });
    await eventually(async () => (await app.sitrep.ctx.db.selectFrom('followups').select('state').where('incident_number', '=', incident.number).where('seq', '=', 1).executeTakeFirstOrThrow()).state === 'done');
    clock = new Date(clock.getTime() + DAY);
    expect((await sendFollowupReminders(app.sitrep.ctx)).owners.sort()).toEqual(['UOWEN', 'UPAT']);
    await settled();
    expect(dmsTo('UOWEN')).toHaveLength(2);
    expect(String(dmsTo('UOWEN')[1]!.text)).toContain('This follow-up of yours is overdue:');
    expect(String(dmsTo('UOWEN')[1]!.text)).not.toContain(`${key}-F1`);
  });

  it('sends a reminder DM once when Slack delivered it but its answer was lost: the retry finds it in the DM', async () => {
    const incident = await declare(app, 'declare sev3 Reminder answer lost');
    await answerTo(app, 'followup Add disk alerts <@URITA> due 2026-11-02', { userId: 'UALICE', channelId: incident.channelId });
    await settled();
    app.fake.failNextWhere('chat.postMessage', (a) => a.channel === 'URITA', { status: 500, afterWrite: true });
    expect((await sendFollowupReminders(app.sitrep.ctx)).owners).toContain('URITA');
    await settled();
    expect(dmsTo('URITA')).toHaveLength(1);
    expect(String(dmsTo('URITA')[0]!.text)).toContain(`INC-${incident.number}-F1`);
    const effects = await app.sitrep.ctx.db.selectFrom('effects').select(['state', 'attempts', 'payload']).where('kind', '=', REMINDER_EFFECTS.overdue).execute();
    expect(effects.filter((e) => (e.payload as { ownerId?: string }).ownerId === 'URITA').map((e) => [e.state, e.attempts])).toEqual([['done', 2]]);
  });

  it('an incident resolved longer than RETRO_DUE_AFTER ago and not closed reminds its commander once a day', async () => {
    const incident = await declare(app, 'declare sev3 Slow search', 'UCORA');
    await commandIn(app, incident, 'resolve Fixed', 'UCORA');
    await eventually(async () => (await incidentRow(app, incident.number)).state === 'resolved', 10_000, 'resolved');

    clock = new Date(clock.getTime() + 4 * DAY);
    expect((await sendRetroDueReminders(app.sitrep.ctx)).incidents).not.toContain(incident.number);

    clock = new Date(clock.getTime() + DAY + 3_600_000);
    const both = await Promise.all([sendRetroDueReminders(app.sitrep.ctx), sendRetroDueReminders(app.sitrep.ctx)]);
    expect(both.flatMap((r) => r.incidents).filter((n) => n === incident.number)).toEqual([incident.number]);
    await settled();
    const dms = dmsTo('UCORA').filter((m) => String(m.text).includes(`INC-${incident.number} was resolved`));
    expect(dms).toHaveLength(1);
    expect(String(dms[0]!.text)).toMatch(new RegExp(`^:memo: INC-${incident.number} was resolved .* ago and is not closed yet\\. Review its follow-ups and close it with \`/incident close\` in <#${incident.channelId}> to write the retrospective\\.$`));

    clock = new Date(clock.getTime() + 2 * 3_600_000);
    expect((await sendRetroDueReminders(app.sitrep.ctx)).incidents).not.toContain(incident.number);
  });

  it('the scheduler runs the follow-up reminders on FOLLOWUP_REMINDER_CRON in TIMEZONE; two runs on one day remind an owner once', async () => {
    const job = scheduledJobs(app.sitrep.ctx).find((j) => j.name === 'followup-reminders')!;
    expect(job).toMatchObject({ cron: '0 0 1 1 *', timezone: 'Europe/Paris', runAtStart: false });
    const incident = await declare(app, 'declare sev3 Backups late');
    await answerTo(app, 'followup Alert on backup age <@UQUINN> due 2026-11-01', { userId: 'UALICE', channelId: incident.channelId });
    await settled();
    await job.run();
    await job.run();
    await settled();
    expect(dmsTo('UQUINN').map((m) => String(m.text).split('\n')[1])).toEqual([`:pushpin: *INC-${incident.number}-F1* Alert on backup age · open (overdue) · owner <@UQUINN> · due 2026-11-01`]);
  });
});
