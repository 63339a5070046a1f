import { effectsOfIncident } from '../../src/db/effect-store.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { getIncident } from '../../src/db/incident-store.js';
import type { TimelineKind } from '../../src/incidents/types.js';
import { assignRole } from '../../src/usecases/assign-role.js';
import { assignRoles } from '../../src/usecases/assign-roles.js';
import { changeSeverity } from '../../src/usecases/change-severity.js';
import { closeIncident } from '../../src/usecases/close-incident.js';
import type { UseCaseContext } from '../../src/usecases/context.js';
import { postStatusUpdate } from '../../src/usecases/post-status-update.js';
import { SlackCallError } from '../../src/usecases/slack-gateway.js';
import { reopenIncident } from '../../src/usecases/reopen-incident.js';
import { resolveIncident } from '../../src/usecases/resolve-incident.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { declaredIncident, RecordingPorts, recordingSuite } from './support/recording-ports.js';

const T0 = new Date('2026-11-21T14:00:00Z');
const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('changes to one incident, told through the ports, on %s', (kind) => {
  const suite = recordingSuite(kind, new Date(T0.getTime() + 5 * MINUTE));
  let database: { db: Db };
  let ports: RecordingPorts;
  let clock: { now: Date };
  let ctx: UseCaseContext;
  beforeEach(() => {
    ({ database, ports, clock, ctx } = suite);
  });

  const updates = (number: number) => database.db.selectFrom('status_updates').selectAll().where('incident_number', '=', number).orderBy('id').execute();
  const entries = (number: number, kind: TimelineKind) =>
    database.db.selectFrom('timeline_entries').selectAll().where('incident_number', '=', number).where('kind', '=', kind).orderBy('id').execute();

  it('stores a status update before telling anyone, then links the post and refreshes the views', async () => {
    const incident = await declaredIncident(database.db, T0);
    ports.before = async (method) => {
      // When people are told, the update and its state are already stored.
      if (method === 'statusUpdated') {
        expect(await updates(incident.number)).toHaveLength(1);
        expect((await getIncident(database.db, incident.number))!.state).toBe('identified');
      }
    };
    const { update } = await postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UBOB', text: 'Bad deploy found', state: 'identified' });
    await ctx.effects.runDue();

    // The post and the views refresh are effects in lanes of their own: either may run first.
    expect(ports.told.map((t) => t.method).sort()).toEqual(['statusUpdated', 'viewsRefreshed']);
    const [shown, notice, announce] = ports.calls('statusUpdated')[0]!;
    expect(shown).toMatchObject({ number: incident.number, state: 'identified' });
    expect(notice).toMatchObject({ authorId: 'UBOB', text: 'Bad deploy found', previousState: 'investigating', postedAt: clock.now });
    // SEV2 is major: the announcement hears it too.
    expect(announce).toBe(true);
    const [row] = await updates(incident.number);
    expect(row).toMatchObject({ id: update.id, message_ts: update.messageTs, announcement_ts: '1800000001.000001' });
    expect((await entries(incident.number, 'status_update'))[0]).toMatchObject({ message_ts: update.messageTs, channel_id: incident.channelId });
  });

  it('applies the state an update names to the state as stored: two at once are both stored, in order', async () => {
    const incident = await declaredIncident(database.db, T0);
    await Promise.all([
      postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UBOB', text: 'identified it', state: 'identified' }),
      postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UCAROL', text: 'watching', state: 'monitoring' }),
    ]);
    const rows = await updates(incident.number);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.message_ts !== null)).toBe(true);
    // The second stored saw the first's state as the one it changed from.
    const told = ports.calls('statusUpdated').map(([, notice]) => notice as { text: string; previousState: string });
    const second = told.find((n) => n.text === rows[1]!.text)!;
    expect(second.previousState).toBe(rows[0]!.state);
    expect((await getIncident(database.db, incident.number))!.state).toBe(rows[1]!.state);
    expect((await entries(incident.number, 'state_changed')).map((e) => e.data)).toEqual([
      { from: 'investigating', to: rows[0]!.state },
      { from: rows[0]!.state, to: rows[1]!.state },
    ]);
  });

  it('keeps an update whose post failed and answers from what is stored; the post is given up, not the update', async () => {
    const incident = await declaredIncident(database.db, T0);
    ports.failing.set('statusUpdated', () => new SlackCallError('chat.postMessage', 'channel_not_found', false));
    const failure = await postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UBOB', text: 'still here' }).catch((e: unknown) => e);
    await ctx.effects.runDue();
    // Told it is stored (the post given up), never that the update failed.
    expect(failure).toMatchObject({ code: 'stored_not_posted', data: { incident: incident.number, change: 'status update', pending: false } });
    expect(await updates(incident.number)).toMatchObject([{ text: 'still here', message_ts: null }]);
    expect(ports.calls('viewsRefreshed')).toHaveLength(1);
    expect(await effectsOfIncident(database.db, incident.number)).toMatchObject([
      { kind: 'incident.status_update_posted', state: 'failed', lastError: 'Slack chat.postMessage failed: channel_not_found' },
      { kind: 'incident.views_refreshed', state: 'done' },
    ]);
  });

  it('checks an update once, on the stored text, counting `&amp;` as the one character typed', async () => {
    const incident = await declaredIncident(database.db, T0);
    const stored = `${'R&amp;D '.repeat(100)}${'x'.repeat(2_000)}`;
    await postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UBOB', text: stored });
    await expect(postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UBOB', text: `${stored}${'y'.repeat(101)}` })).rejects.toMatchObject({
      code: 'update_text_invalid',
      data: { maxLength: 2500 },
    });
    expect(await updates(incident.number)).toHaveLength(1);
  });

  it('saves a role change before announcing it; two takes at once leave one holder and a handoff chain as stored', async () => {
    const incident = await declaredIncident(database.db, T0);
    ports.before = async (method, args) => {
      if (method !== 'roleChanged') return;
      const change = args[1] as { userId: string };
      const rows = await database.db.selectFrom('role_assignments').selectAll().where('incident_number', '=', incident.number).execute();
      expect(rows.map((r) => r.user_id)).toContain(change.userId);
    };
    await Promise.all(['UBOB', 'UCAROL'].map((userId) => assignRole(ctx, { incidentNumber: incident.number, role: 'commander', userId, assignedBy: userId })));
    const rows = await database.db.selectFrom('role_assignments').selectAll().where('incident_number', '=', incident.number).orderBy('id').execute();
    expect(rows.map((r) => r.previous_user_id)).toEqual([null, 'UALICE', rows[1]!.user_id]);
    expect(ports.calls('roleChanged').map(([, change]) => change)).toEqual([
      { kind: 'handoff', role: 'commander', userId: rows[1]!.user_id, previousUserId: 'UALICE' },
      { kind: 'handoff', role: 'commander', userId: rows[2]!.user_id, previousUserId: rows[1]!.user_id },
    ]);
    expect(ports.calls('invite')).toHaveLength(2);
    expect(ports.calls('roleNote')).toHaveLength(2);
  });

  it('refuses a bot, an unknown or a deactivated person as a role holder, with data, and tells nobody', async () => {
    const incident = await declaredIncident(database.db, T0);
    ports.people.set('UBOTTY', { id: 'UBOTTY', kind: 'bot', name: 'botty' });
    ports.people.set('UGONE', { id: 'UGONE', kind: 'deactivated', name: 'gone' });
    ports.people.set('UNOBODY', { id: 'UNOBODY', kind: 'unknown', name: '' });
    const take = (userId: string | undefined) => assignRole(ctx, { incidentNumber: incident.number, role: 'ops', userId, assignedBy: 'UALICE' }).catch((e: unknown) => e);
    expect(await take('UBOTTY')).toMatchObject({ code: 'role_holder_is_bot', data: { role: 'ops', userId: 'UBOTTY' } });
    expect(await take('UBOT')).toMatchObject({ code: 'role_holder_is_bot' });
    expect(await take('UGONE')).toMatchObject({ code: 'role_holder_missing', data: { cause: 'deactivated', userId: 'UGONE' } });
    expect(await take('UNOBODY')).toMatchObject({ code: 'role_holder_missing', data: { cause: 'unknown' } });
    expect(await take(undefined)).toMatchObject({ code: 'role_holder_missing', data: { cause: 'unnamed' } });
    const form = await assignRoles(ctx, { incidentNumber: incident.number, holders: { commander: null, comms: null, ops: null }, assignedBy: 'UALICE' }).catch((e: unknown) => e);
    expect(form).toMatchObject({ code: 'role_holder_missing', data: { role: 'commander', cause: 'left_empty', current: 'UALICE' }, nothingChanged: true });
    expect(ports.told.filter((t) => t.method !== 'person')).toEqual([]);
  });

  it('announces a rise to a major severity, not a fall', async () => {
    const incident = await declaredIncident(database.db, T0, 'sev3');
    await changeSeverity(ctx, { incidentNumber: incident.number, severity: 'sev1', changedBy: 'UBOB' });
    await changeSeverity(ctx, { incidentNumber: incident.number, severity: 'sev2', changedBy: 'UBOB' });
    expect(ports.calls('severityChanged').map(([, change, announce]) => [change, announce])).toEqual([
      [{ from: 'sev3', to: 'sev1', by: 'UBOB' }, true],
      [{ from: 'sev1', to: 'sev2', by: 'UBOB' }, false],
    ]);
    expect((await entries(incident.number, 'severity_changed')).every((e) => e.message_ts !== null)).toBe(true);
    const same = await changeSeverity(ctx, { incidentNumber: incident.number, severity: 'sev2', changedBy: 'UBOB' });
    expect(same.changed).toBe(false);
    expect(ports.calls('severityChanged')).toHaveLength(2);
  });

  it('resolves once of two at once; the other hears it is resolved; reopen tells once', async () => {
    const incident = await declaredIncident(database.db, T0);
    const outcomes = await Promise.allSettled(['UBOB', 'UCAROL'].map((by) => resolveIncident(ctx, { incidentNumber: incident.number, resolvedBy: by })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'illegal_transition', data: { incident: incident.number, state: 'resolved', action: 'resolve' } });
    expect(ports.calls('resolved')).toHaveLength(1);
    expect(await entries(incident.number, 'resolved')).toHaveLength(1);

    const reopened = await reopenIncident(ctx, { incidentNumber: incident.number, reopenedBy: 'UBOB' });
    expect(reopened).toMatchObject({ state: 'investigating', lastUpdateAt: clock.now });
    expect(ports.calls('reopened')).toHaveLength(1);
  });

  it('closes an open incident: resolves it, stores the draft, then posts it and keeps the file id', async () => {
    const incident = await declaredIncident(database.db, T0);
    const closed = await closeIncident(ctx, { incidentNumber: incident.number, closedBy: 'UBOB' });
    await ctx.effects.runDue();
    expect(closed.incident.state).toBe('closed');
    expect(closed.retrospective).toMatchObject({ version: 1, fileId: 'F0DRAFT' });
    // The resolution's refresh may be the one that shows the close (one waiting refresh per incident).
    const told = ports.told.map((t) => t.method).filter((m) => m !== 'person' && m !== 'viewsRefreshed');
    expect(told).toEqual(['resolved', 'closed']);
    expect(ports.calls('viewsRefreshed').length).toBeGreaterThanOrEqual(1);
    const [, draft] = ports.calls('closed')[0]!;
    expect(draft).toMatchObject({ version: 1, closedBy: 'UBOB' });
    await expect(closeIncident(ctx, { incidentNumber: incident.number, closedBy: 'UBOB' })).rejects.toMatchObject({ code: 'illegal_transition', data: { action: 'close' } });
  });
});
