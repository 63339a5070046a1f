import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { describeIncident } from '../../src/usecases/describe-incident.js';
import type { UseCaseContext } from '../../src/usecases/context.js';
import { listIncidents } from '../../src/usecases/list-incidents.js';
import { postStatusUpdate } from '../../src/usecases/post-status-update.js';
import { SlackCallError } from '../../src/usecases/slack-gateway.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { declaredIncident, RecordingPorts, recordingSuite } from './support/recording-ports.js';

const T0 = new Date('2026-11-21T14:00:00Z');

describe.each(DATABASE_KINDS)('listing and describing incidents on %s', (kind) => {
  const suite = recordingSuite(kind, new Date(T0.getTime() + 60_000));
  let database: { db: Db };
  let ports: RecordingPorts;
  let ctx: UseCaseContext;
  beforeEach(() => {
    ({ database, ports, ctx } = suite);
  });

  it('shows a private incident only to its declarer, role holders and room members; unknown membership hides it', async () => {
    const open = await declaredIncident(database.db, T0, 'sev3');
    const secret = await declaredIncident(database.db, T0, 'sev1', { private: true });
    ports.members.set(secret.channelId, ['UDAVE']);
    const seen = async (userId: string) => (await listIncidents(ctx, userId)).map((l) => l.incident.number);

    const another = await declaredIncident(database.db, T0, 'sev2', { private: true });
    ports.members.set(another.channelId, ['UDAVE']);
    const asked = () => ports.calls('privateRoomsOf').map(([userId]) => userId);

    expect(await seen('UALICE')).toEqual([secret.number, another.number, open.number]);
    expect(asked()).toEqual([]);
    expect(await seen('UDAVE')).toEqual([secret.number, another.number, open.number]);
    expect(await seen('UERIN')).toEqual([open.number]);
    // One question per person for all their private incidents, kept a minute.
    expect(await seen('UDAVE')).toEqual([secret.number, another.number, open.number]);
    expect(asked()).toEqual(['UDAVE', 'UERIN']);
    suite.clock.now = new Date(suite.clock.now.getTime() + 60_001);
    ports.failing.set('privateRoomsOf', () => new SlackCallError('users.conversations', 'request_error', true));
    expect(await seen('UDAVE')).toEqual([open.number]);
  });

  it('describes an incident with its roles, last update and update count', async () => {
    const incident = await declaredIncident(database.db, T0);
    await postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UBOB', text: 'first' });
    await postStatusUpdate(ctx, { incidentNumber: incident.number, authorId: 'UCAROL', text: 'second' });
    const summary = await describeIncident(ctx, incident.number);
    expect(summary).toMatchObject({ incident: { number: incident.number }, roles: { commander: 'UALICE' }, updateCount: 2 });
    expect(summary.latestUpdate).toMatchObject({ text: 'second' });
    await expect(describeIncident(ctx, 999)).rejects.toMatchObject({ code: 'incident_not_found', data: { incident: 999 } });
  });
});
