import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { UseCaseContext } from '../../src/usecases/context.js';
import { declareIncident, type DeclareIncidentInput } from '../../src/usecases/declare-incident.js';
import { RoomNameTaken } from '../../src/usecases/ports.js';
import { SlackCallError } from '../../src/usecases/slack-gateway.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { RecordingPorts, recordingSuite } from './support/recording-ports.js';

const T0 = new Date('2026-11-21T14:00:00Z');
let requests = 0;

const input = (title = 'Payments down'): DeclareIncidentInput => ({
  title,
  description: '',
  severity: 'sev2',
  private: false,
  declarerId: 'UALICE',
  commanderId: 'UBOB',
  requestKey: `request-${++requests}`,
});

describe.each(DATABASE_KINDS)('declaring through the ports on %s', (kind) => {
  const suite = recordingSuite(kind, T0);
  let database: { db: Db };
  let ports: RecordingPorts;
  let ctx: UseCaseContext;
  beforeEach(() => {
    ({ database, ports, ctx } = suite);
  });

  it('answers once the room exists, then invites, sets the topic, posts and pins the card and announces as effects', async () => {
    const outcome = await declareIncident(ctx, input('R&D <lab> down'));
    expect(outcome.status).toBe('declared');
    expect(outcome.incident).toMatchObject({ channelId: 'CROOM1', declareStep: 'announced' });
    await ctx.effects.runDue();
    const told = ports.told.map((t) => t.method);
    expect(told[0]).toBe('createRoom');
    expect(told.slice(1).sort()).toEqual(['cardPinned', 'cardPosted', 'declared', 'invite', 'topicSet']);
    expect(told.indexOf('cardPinned')).toBeGreaterThan(told.indexOf('cardPosted'));
    expect(ports.calls('createRoom')[0]).toEqual([`inc-${outcome.incident.number}-r-d-lab-down`, false]);
    expect(ports.calls('invite')[0]).toEqual(['CROOM1', ['UALICE', 'UBOB']]);
    const stored = await database.db.selectFrom('incidents').select(['card_ts', 'announcement_ts']).where('number', '=', outcome.incident.number).executeTakeFirstOrThrow();
    expect(stored.card_ts).toMatch(/^1800000000\.00000[12]$/);
    expect(stored.announcement_ts).toMatch(/^1800000000\.00000[12]$/);
    expect(stored.card_ts).not.toBe(stored.announcement_ts);
    // The timeline stores text in the workspace's markup.
    const entry = await database.db.selectFrom('timeline_entries').selectAll().where('kind', '=', 'declared').executeTakeFirstOrThrow();
    expect(entry.text).toBe('Declared SEV2: R&amp;D &lt;lab&gt; down');
  });

  it('moves on to the next name when the workspace has a room of that name', async () => {
    ports.failing.set('createRoom', () => {
      ports.failing.delete('createRoom');
      return new RoomNameTaken();
    });
    const outcome = await declareIncident(ctx, input());
    expect(outcome.status).toBe('declared');
    expect(ports.calls('createRoom').map(([name]) => name)).toEqual([`inc-${outcome.incident.number}-payments-down`, `inc-${outcome.incident.number}-payments-down-2`]);
    expect(outcome.incident.channelName).toBe(`inc-${outcome.incident.number}-payments-down-2`);
  });

  it('abandons a declaration whose room cannot be created, and pauses one Slack may take later', async () => {
    ports.failing.set('createRoom', () => new SlackCallError('conversations.create', 'restricted_action', false));
    const abandoned = await declareIncident(ctx, input());
    expect(abandoned).toMatchObject({ status: 'abandoned', incident: { channelId: null, declareError: 'conversations.create: restricted_action; declaration abandoned' } });
    expect(abandoned.incident.abandonedAt).toEqual(T0);

    ports.failing.set('createRoom', () => new SlackCallError('conversations.create', 'ratelimited', true));
    const pending = await declareIncident(ctx, input());
    expect(pending.status).toBe('pending');
    expect(pending.incident.abandonedAt).toBeNull();
  });

  it('declares once for a repeated request', async () => {
    const request = input();
    const first = await declareIncident(ctx, request);
    const again = await declareIncident(ctx, request);
    expect(again).toMatchObject({ status: 'duplicate', incident: { number: first.incident.number } });
    expect(ports.calls('createRoom')).toHaveLength(1);
  });
});
