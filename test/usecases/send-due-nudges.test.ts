import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertIncident, updateIncident } from '../../src/db/incident-store.js';
import { recordRoleAssignment } from '../../src/db/role-store.js';
import type { Role, Severity } from '../../src/incidents/types.js';
import { ACTIONS } from '../../src/slack/action-ids.js';
import { NUDGE_CLAIM_LEASE_MS, NUDGE_MAX_ATTEMPTS, sendDueNudges } from '../../src/usecases/send-due-nudges.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { findButton } from '../support/slack-requests.js';

const MINUTE = 60_000;
const INCIDENTS_CHANNEL = 'CINCIDENTS';

describe.each(DATABASE_KINDS)('the nudge sweep on %s', (kind) => {
  let app: TestApp;
  let clock: Date;
  let seq = 0;

  beforeAll(async () => {
    // The cron never fires during the suite: each test runs the sweep itself on a fake clock.
    app = await startTestApp(kind, { env: { REMINDER_CRON: '0 0 1 1 *', INCIDENTS_CHANNEL } });
    app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
    for (const [id, name] of [['UDECL', 'dana'], ['UIC', 'ivan'], ['UCOMMS', 'cora'], ['UIC2', 'iris']]) app.fake.addUser({ id: id!, name: name! });
    app.sitrep.ctx.now = () => clock;
  });
  afterAll(async () => {
    await app?.stop();
  });
  // Each test's incidents stop being candidates once it is over.
  afterEach(async () => {
    await app.sitrep.ctx.db.updateTable('incidents').set({ state: 'resolved' }).execute();
  });

  const db = () => app.sitrep.ctx.db;
  // The escalations a sweep owes are effects: a sweep here is done once they have run too.
  const sweep = async (replica = 'r1') => {
    const result = await sendDueNudges(app.sitrep.ctx, replica);
    await app.sitrep.ctx.effects.runDue();
    return result;
  };
  const minutesAfter = (start: Date, minutes: number, ms = 0) => new Date(start.getTime() + minutes * MINUTE + ms);

  interface Seed {
    severity?: Severity;
    declaredAt: Date;
    roles?: Record<Role, string>;
    private?: boolean;
    announce?: boolean;
    withChannel?: boolean;
  }

  async function seedIncident(seed: Seed) {
    const severity = seed.severity ?? 'sev1';
    const incident = (await insertIncident(db(), {
      title: `Checkout errors ${++seq}`,
      description: '',
      severity,
      private: seed.private ?? false,
      declarerId: 'UDECL',
      requestKey: null,
      declaredAt: seed.declaredAt,
      nextUpdateDueAt: new Date(seed.declaredAt.getTime() + app.sitrep.ctx.policy.updateEveryMs(severity)),
    }))!;
    if (seed.withChannel === false) return { number: incident.number, channelId: '' };
    const channel = app.fake.addChannel({ name: `inc-${incident.number}-checkout-${seq}`, is_private: seed.private ?? false });
    const announcement = seed.announce ? await app.sitrep.ctx.slack.postMessage(INCIDENTS_CHANNEL, { text: `INC-${incident.number} declared` }) : undefined;
    await updateIncident(db(), incident.number, {
      channelId: channel.id,
      channelName: channel.name,
      declareStep: 'announced',
      announcementTs: announcement?.ts ?? null,
    });
    for (const [role, userId] of Object.entries(seed.roles ?? {})) {
      await recordRoleAssignment(db(), incident.number, { role: role as Role, userId, previousUserId: null, assignedBy: 'UDECL', assignedAt: seed.declaredAt });
    }
    return { number: incident.number, channelId: channel.id, announcementTs: announcement?.ts };
  }

  const nudgesIn = (channelId: string) => app.fake.messages(channelId).filter((m) => /no status update/.test(m.text));
  const nudgeRows = (number: number) => db().selectFrom('nudges').selectAll().where('incident_number', '=', number).orderBy('due_at').execute();
  const directMessagesTo = (userId: string) => (app.fake.getChannel(app.fake.dmChannelId(userId)) ? app.fake.messages(app.fake.dmChannelId(userId)) : []);

  it('nudges an overdue incident in its channel, naming the commander and comms lead, with a Post update button', async () => {
    const declaredAt = new Date('2026-11-21T14:00:00Z');
    const incident = await seedIncident({ declaredAt, roles: { commander: 'UIC', comms: 'UCOMMS' } });

    clock = minutesAfter(declaredAt, 15, -1);
    await sweep();
    expect(nudgesIn(incident.channelId)).toHaveLength(0);

    clock = minutesAfter(declaredAt, 15);
    expect(await sweep()).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    const [nudge] = nudgesIn(incident.channelId);
    expect(nudge!.text).toContain('no status update for 15m');
    expect(nudge!.text).toContain('<@UIC>');
    expect(nudge!.text).toContain('<@UCOMMS>');
    expect(nudge!.text).not.toContain('<@UDECL>');
    expect(findButton(nudge!.blocks, ACTIONS.postUpdate).value).toBe(String(incident.number));

    const [row] = await nudgeRows(incident.number);
    expect(row).toMatchObject({ streak: 1, due_at: clock, message_ts: nudge!.ts, sent_at: clock, claimed_by: 'r1', attempts: 0, gave_up_at: null });
    const entries = await db().selectFrom('timeline_entries').selectAll().where('incident_number', '=', incident.number).where('kind', '=', 'nudge').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ channel_id: incident.channelId, message_ts: nudge!.ts, author_id: null });
    expect(entries[0]!.data).toMatchObject({ streak: 1, mentioned: ['UIC', 'UCOMMS'] });
  });

  it('mentions the declarer when no one holds commander or comms', async () => {
    const declaredAt = new Date('2026-11-21T16:00:00Z');
    const incident = await seedIncident({ declaredAt, roles: { ops: 'UIC2' } });
    clock = minutesAfter(declaredAt, 20);
    await sweep();
    const [nudge] = nudgesIn(incident.channelId);
    expect(nudge!.text).toContain('<@UDECL>');
    expect(nudge!.text).not.toContain('<@UIC2>');
  });

  it('nudges at most once per window however often it sweeps, then a window later with a direct message to the commander', async () => {
    const declaredAt = new Date('2026-11-21T18:00:00Z');
    const incident = await seedIncident({ declaredAt, roles: { commander: 'UIC' } });
    for (const minutes of [15, 16, 22, 29.99]) {
      clock = minutesAfter(declaredAt, minutes);
      await sweep(minutes % 2 ? 'r1' : 'r2');
    }
    expect(nudgesIn(incident.channelId)).toHaveLength(1);
    expect(directMessagesTo('UIC')).toHaveLength(0);

    clock = minutesAfter(declaredAt, 30, 500);
    await sweep();
    const nudges = nudgesIn(incident.channelId);
    expect(nudges).toHaveLength(2);
    expect(nudges[1]!.text).toContain('no status update for 30m (nudge 2 in a row)');
    const [dm] = directMessagesTo('UIC');
    expect(dm!.text).toContain(`INC-${incident.number}`);
    expect(dm!.text).toContain(`<#${incident.channelId}>`);
    expect(dm!.text).toContain(`archives/${incident.channelId}`);
    expect((await nudgeRows(incident.number)).map((n) => [n.due_at.getTime(), n.streak])).toEqual([
      [minutesAfter(declaredAt, 15).getTime(), 1],
      [minutesAfter(declaredAt, 30).getTime(), 2],
    ]);
  });

  it('mentions the comms lead under the announcement from the third nudge in a row, never for a private incident', async () => {
    const declaredAt = new Date('2026-11-22T10:00:00Z');
    const open = await seedIncident({ declaredAt, roles: { commander: 'UIC', comms: 'UCOMMS' }, announce: true });
    const secret = await seedIncident({ declaredAt, roles: { commander: 'UIC2', comms: 'UCOMMS' }, announce: true, private: true });
    for (const minutes of [15, 30]) {
      clock = minutesAfter(declaredAt, minutes);
      await sweep();
    }
    expect(app.fake.messages(INCIDENTS_CHANNEL, { thread_ts: open.announcementTs! }).filter((m) => m.ts !== open.announcementTs)).toHaveLength(0);

    clock = minutesAfter(declaredAt, 45);
    await sweep();
    expect(nudgesIn(open.channelId)).toHaveLength(3);
    expect(nudgesIn(secret.channelId)).toHaveLength(3);
    const replies = app.fake.messages(INCIDENTS_CHANNEL, { thread_ts: open.announcementTs! }).filter((m) => m.ts !== open.announcementTs);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('<@UCOMMS>');
    expect(replies[0]!.text).toContain(`INC-${open.number}`);
    expect(app.fake.messages(INCIDENTS_CHANNEL, { thread_ts: secret.announcementTs! }).filter((m) => m.ts !== secret.announcementTs)).toHaveLength(0);
  });

  it('starts over after a status update: no nudge until the next one is due, and the streak restarts', async () => {
    const declaredAt = new Date('2026-11-22T12:00:00Z');
    const incident = await seedIncident({ declaredAt, roles: { commander: 'UIC' } });
    clock = minutesAfter(declaredAt, 15);
    await sweep();
    // An update at 12:20 that names 12:50 for the next one.
    await updateIncident(db(), incident.number, { lastUpdateAt: minutesAfter(declaredAt, 20), nextUpdateDueAt: minutesAfter(declaredAt, 50) });

    for (const minutes of [30, 45, 49.99]) {
      clock = minutesAfter(declaredAt, minutes);
      await sweep();
    }
    expect(nudgesIn(incident.channelId)).toHaveLength(1);

    clock = minutesAfter(declaredAt, 50);
    await sweep();
    const nudges = nudgesIn(incident.channelId);
    expect(nudges).toHaveLength(2);
    expect(nudges[1]!.text).toContain('no status update for 30m.');
    expect((await nudgeRows(incident.number)).map((n) => n.streak)).toEqual([1, 1]);
  });

  it('keeps a whole window between nudges when the severity changes', async () => {
    const declaredAt = new Date('2026-11-22T14:00:00Z');
    const incident = await seedIncident({ declaredAt, severity: 'sev3' });
    clock = minutesAfter(declaredAt, 60);
    await sweep();
    // Raised to sev1 at 15:05: next update recomputed from the last update, 14:15.
    await updateIncident(db(), incident.number, { severity: 'sev1', nextUpdateDueAt: minutesAfter(declaredAt, 15) });
    clock = minutesAfter(declaredAt, 65);
    await sweep();
    clock = minutesAfter(declaredAt, 74);
    await sweep();
    expect(nudgesIn(incident.channelId)).toHaveLength(1);
    clock = minutesAfter(declaredAt, 75);
    await sweep();
    expect(nudgesIn(incident.channelId)).toHaveLength(2);
  });

  it('stores when the next nudge is due: the first update\'s time, a window on with each nudge, put right when stored too early', async () => {
    const declaredAt = new Date('2026-11-22T15:00:00Z');
    const incident = await seedIncident({ declaredAt, severity: 'sev1' });
    const nextNudge = async () => (await db().selectFrom('incidents').select('next_nudge_at').where('number', '=', incident.number).executeTakeFirstOrThrow()).next_nudge_at;
    expect(await nextNudge()).toEqual(minutesAfter(declaredAt, 15));
    clock = minutesAfter(declaredAt, 16);
    await sweep();
    expect(await nextNudge()).toEqual(minutesAfter(declaredAt, 30));
    // As the migration stores it for an incident nudged already: too early, read once and put right, no nudge.
    await db().updateTable('incidents').set({ next_nudge_at: minutesAfter(declaredAt, 15) }).where('number', '=', incident.number).execute();
    clock = minutesAfter(declaredAt, 20);
    await sweep();
    expect(nudgesIn(incident.channelId)).toHaveLength(1);
    expect(await nextNudge()).toEqual(minutesAfter(declaredAt, 30));
  });

  it('leaves resolved incidents, abandoned declarations and incidents still getting their channel alone', async () => {
    const declaredAt = new Date('2026-11-22T16:00:00Z');
    const resolved = await seedIncident({ declaredAt });
    await updateIncident(db(), resolved.number, { state: 'resolved', resolvedAt: minutesAfter(declaredAt, 5) });
    const abandoned = await seedIncident({ declaredAt });
    await updateIncident(db(), abandoned.number, { abandonedAt: minutesAfter(declaredAt, 1) });
    const channelless = await seedIncident({ declaredAt, withChannel: false });
    clock = minutesAfter(declaredAt, 120);
    expect(await sweep()).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    for (const number of [resolved.number, abandoned.number, channelless.number]) expect(await nudgeRows(number)).toEqual([]);
  });

  it('sends one nudge when replicas sweep at the same moment', async () => {
    const declaredAt = new Date('2026-11-22T18:00:00Z');
    const incidents = await Promise.all([1, 2, 3].map(() => seedIncident({ declaredAt })));
    clock = minutesAfter(declaredAt, 15);
    const results = await Promise.all(['r1', 'r2', 'r3'].map((replica) => sweep(replica)));
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(3);
    for (const incident of incidents) expect(nudgesIn(incident.channelId)).toHaveLength(1);
  });

  it('retries a failed post at the next sweep, and sends it once', async () => {
    const declaredAt = new Date('2026-11-23T10:00:00Z');
    const incident = await seedIncident({ declaredAt });
    clock = minutesAfter(declaredAt, 15);
    app.fake.failNext('chat.postMessage', { error: 'fatal_error' });
    expect(await sweep()).toEqual({ sent: 0, failed: 1, gaveUp: 0 });
    expect((await nudgeRows(incident.number))[0]).toMatchObject({ attempts: 1, last_error: 'fatal_error', sent_at: null });

    clock = minutesAfter(declaredAt, 16);
    expect(await sweep('r2')).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    clock = minutesAfter(declaredAt, 17);
    await sweep('r3');
    expect(nudgesIn(incident.channelId)).toHaveLength(1);
    const [row] = await nudgeRows(incident.number);
    expect(row).toMatchObject({ attempts: 1, claimed_by: 'r2', due_at: minutesAfter(declaredAt, 15), sent_at: minutesAfter(declaredAt, 16) });
  });

  it(`gives a nudge up after ${NUDGE_MAX_ATTEMPTS} failed posts and nudges again the next window`, async () => {
    const declaredAt = new Date('2026-11-23T12:00:00Z');
    const incident = await seedIncident({ declaredAt });
    app.fake.failNext('chat.postMessage', { error: 'fatal_error' }, NUDGE_MAX_ATTEMPTS);
    for (let i = 0; i < NUDGE_MAX_ATTEMPTS + 2; i++) {
      clock = minutesAfter(declaredAt, 15 + i);
      await sweep();
    }
    let rows = await nudgeRows(incident.number);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: NUDGE_MAX_ATTEMPTS, sent_at: null, last_error: 'fatal_error' });
    expect(rows[0]!.gave_up_at).not.toBeNull();
    expect(nudgesIn(incident.channelId)).toHaveLength(0);

    clock = minutesAfter(declaredAt, 30);
    await sweep();
    rows = await nudgeRows(incident.number);
    expect(rows.map((r) => [r.streak, r.sent_at !== null])).toEqual([[1, false], [2, true]]);
  });

  it('gives up on an archived channel at once and stops nudging it until the next update', async () => {
    const declaredAt = new Date('2026-11-23T14:00:00Z');
    const incident = await seedIncident({ declaredAt });
    app.fake.archiveChannel(incident.channelId);
    clock = minutesAfter(declaredAt, 15);
    expect(await sweep()).toEqual({ sent: 0, failed: 0, gaveUp: 1 });
    const posts = () => app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === incident.channelId).length;
    expect(posts()).toBe(1);
    for (const minutes of [16, 30, 45, 90]) {
      clock = minutesAfter(declaredAt, minutes);
      await sweep();
    }
    expect(posts()).toBe(1);
    const rows = await nudgeRows(incident.number);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ last_error: 'room_gone: is_archived', sent_at: null });
    expect(rows[0]!.gave_up_at).not.toBeNull();
    expect(app.logs.text).toMatch(/archived or gone/);
  });

  it('takes over a claim whose replica stopped mid-post only after the lease', async () => {
    const declaredAt = new Date('2026-11-23T16:00:00Z');
    const incident = await seedIncident({ declaredAt });
    const dueAt = minutesAfter(declaredAt, 15);
    await sql`insert into nudges (incident_number, due_at, streak, claimed_by, claimed_at) values (${incident.number}, ${dueAt}, 1, 'gone-replica', ${dueAt})`.execute(db());

    clock = new Date(dueAt.getTime() + NUDGE_CLAIM_LEASE_MS - 1);
    expect(await sweep()).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    clock = new Date(dueAt.getTime() + NUDGE_CLAIM_LEASE_MS + 1);
    const [first, second] = await Promise.all([sweep('r1'), sweep('r2')]);
    expect(first!.sent + second!.sent).toBe(1);
    expect(nudgesIn(incident.channelId)).toHaveLength(1);
  });

  it('replaces a nudge that failed all window long with the next window’s, never both at once', async () => {
    const declaredAt = new Date('2026-11-24T10:00:00Z');
    const incident = await seedIncident({ declaredAt });
    clock = minutesAfter(declaredAt, 15);
    app.fake.failNext('chat.postMessage', { error: 'fatal_error' });
    await sweep();
    clock = minutesAfter(declaredAt, 31);
    expect(await sweep()).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    const nudges = nudgesIn(incident.channelId);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.text).toContain('(nudge 2 in a row)');
    const rows = await nudgeRows(incident.number);
    expect(rows.map((r) => [r.streak, r.sent_at !== null, r.gave_up_at !== null])).toEqual([[1, false, true], [2, true, false]]);
  });

  it('drops an unsent nudge once the incident is resolved', async () => {
    const declaredAt = new Date('2026-11-23T18:00:00Z');
    const incident = await seedIncident({ declaredAt });
    clock = minutesAfter(declaredAt, 15);
    app.fake.failNext('chat.postMessage', { error: 'fatal_error' });
    await sweep();
    await updateIncident(db(), incident.number, { state: 'resolved', resolvedAt: minutesAfter(declaredAt, 16) });
    clock = minutesAfter(declaredAt, 17);
    await sweep();
    expect(nudgesIn(incident.channelId)).toHaveLength(0);
    const [row] = await nudgeRows(incident.number);
    expect(row!.gave_up_at).not.toBeNull();
    expect(row!.last_error).toMatch(/^superseded/);
  });
});
