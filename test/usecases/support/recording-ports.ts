import { EffectDispatcher } from '../../../src/effects/effect-dispatcher.js';
import { createPagingRuntime } from '../../../src/paging/create-paging-runtime.js';
import { builtInProcess } from '../../../src/process/default-process.js';
import { createTimelineRuntime } from '../../../src/timeline-runtime.js';
import { todaysPolicy } from '../../support/policy.js';
// A recording fake of the use cases' ports (IncidentNotifier, Workspace) and a context over a real
// migrated database: direct use case tests see what people would be told, and when.
import { loadConfig } from '../../../src/config.js';
import type { Db } from '../../../src/db/database.js';
import { insertIncident, updateIncident } from '../../../src/db/incident-store.js';
import { recordRoleAssignment } from '../../../src/db/role-store.js';
import type { Incident } from '../../../src/incidents/incident.js';
import type { Severity } from '../../../src/incidents/types.js';
import { createLogger } from '../../../src/logger.js';
import { incidentEffectHandlers } from '../../../src/usecases/incident-effect-handlers.js';
import type { UseCaseContext } from '../../../src/usecases/context.js';
import { DECLARATION_STEPS_QUEUE } from '../../../src/usecases/continue-declaration.js';
import { DECLARATION_RECORDS_QUEUE } from '../../../src/usecases/declare-incident.js';
import type { IncidentNotifier, Person, Posted, Workspace } from '../../../src/usecases/ports.js';
import type { SlackGateway } from '../../../src/usecases/slack-gateway.js';
import { WorkQueue } from '../../../src/work-queue.js';
import { LogCapture } from '../../support/log-capture.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DatabaseKind } from '../../support/databases.js';
import { BoundedCache } from '../../../src/bounded-cache.js';
import { MembershipCache } from '../../../src/usecases/membership-cache.js';
import { emptyIncidents, migratedDatabase } from '../../db/migrated-database.js';

export interface Told {
  method: string;
  args: unknown[];
}

/** Every port call in order; `failing` names methods that throw instead, `before` runs first on each call. */
export class RecordingPorts {
  readonly told: Told[] = [];
  readonly failing = new Map<string, () => Error>();
  readonly people = new Map<string, Person>();
  readonly members = new Map<string, string[]>();
  /** Runs as a port is called, before it answers: lets a test read what was stored by then. */
  before: (method: string, args: unknown[]) => Promise<void> = async () => {};
  private ts = 0;

  calls(method: string): unknown[][] {
    return this.told.filter((t) => t.method === method).map((t) => t.args);
  }

  private nextPost(channel: string): Posted {
    return { channel, ts: `1800000000.${String(++this.ts).padStart(6, '0')}` };
  }

  private async record<T>(method: string, args: unknown[], answer: () => T): Promise<T> {
    await this.before(method, args);
    this.told.push({ method, args });
    const failure = this.failing.get(method);
    if (failure) throw failure();
    return answer();
  }

  notifier(): IncidentNotifier {
    const post = (method: string) => (incident: Incident, ...rest: unknown[]) => this.record(method, [incident, ...rest], () => this.nextPost(incident.channelId!));
    return {
      topicSet: (...args) => this.record('topicSet', args, () => undefined),
      cardPosted: post('cardPosted'),
      cardPinned: (...args) => this.record('cardPinned', args, () => undefined),
      declared: (...args) => this.record('declared', args, () => this.nextPost('CINCIDENTS')),
      declarationFinished: (...args) => this.record('declarationFinished', args, () => undefined),
      roleChanged: post('roleChanged'),
      roleNote: (...args) => this.record('roleNote', args, () => undefined),
      severityChanged: post('severityChanged'),
      statusUpdated: (incident, ...rest) =>
        this.record('statusUpdated', [incident, ...rest], () => ({ posted: this.nextPost(incident.channelId!), announcementTs: rest[1] ? '1800000001.000001' : undefined })),
      resolved: post('resolved'),
      reopened: post('reopened'),
      paged: post('paged'),
      closed: (...args) => this.record('closed', args, () => ({ fileId: 'F0DRAFT', uploadError: undefined })),
      nudged: (nudge) => this.record('nudged', [nudge], () => this.nextPost(nudge.channelId)),
      nudgeEscalated: (...args) => this.record('nudgeEscalated', args, () => undefined),
      viewsRefreshed: (...args) => this.record('viewsRefreshed', args, () => undefined),
    };
  }

  workspace(): Workspace {
    let rooms = 0;
    return {
      createRoom: (...args) => this.record('createRoom', args, () => ({ id: `CROOM${++rooms}` })),
      ownRoomNamed: (...args) => this.record('ownRoomNamed', args, () => undefined),
      invite: (...args) => this.record('invite', args, () => undefined),
      person: (userId) => this.record('person', [userId], () => this.people.get(userId) ?? { id: userId, kind: 'person' as const, name: userId.toLowerCase() }),
      privateRoomsOf: (userId) => this.record('privateRoomsOf', [userId], () => [...this.members].filter(([, ids]) => ids.includes(userId)).map(([roomId]) => roomId)),
      markup: (plain) => plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    };
  }
}

const unused = new Proxy({} as SlackGateway, {
  get: (_, name) => () => {
    throw new Error(`these use cases read no channel history (${String(name)})`);
  },
});

/** A context over `db` with the recording ports and a settable clock. */
export function recordingContext(db: Db, ports: RecordingPorts, clock: { now: Date }): UseCaseContext {
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', INCIDENTS_CHANNEL: 'CINCIDENTS' });
  const logger = createLogger({ ...config, logLevel: 'warn', logFormat: 'json' }, new LogCapture());
  // The effects the use cases store run through the same handlers as in the app, told to the recording ports.
  const notifier = ports.notifier();
  const workspace = ports.workspace();
  const effects = new EffectDispatcher({
    db,
    logger,
    now: () => clock.now,
    handlers: incidentEffectHandlers({ db, notifierFor: () => notifier, workspace, logger, policy: todaysPolicy }),
    concurrency: 4,
    leaseMs: 60_000,
    pollMs: 60_000,
    maxAttempts: 1,
  });
  effects.start();
  return {
    db,
    notifier,
    workspace,
    effects,
    slack: unused,
    declarations: { records: new WorkQueue(DECLARATION_RECORDS_QUEUE), steps: new WorkQueue(DECLARATION_STEPS_QUEUE) },
    config,
    policy: todaysPolicy,
    process: builtInProcess(config),
    timeline: createTimelineRuntime(db, unused, { botUserId: 'UBOT', workspaceUrl: 'https://acme.slack.com/' }, () => clock.now),
    logger,
    now: () => clock.now,
    botUserId: 'UBOT',
    workspaceUrl: 'https://acme.slack.com/',
    paging: createPagingRuntime(config, () => clock.now),
    membership: new MembershipCache((userId) => workspace.privateRoomsOf(userId), new BoundedCache({ maxEntries: 100, ttlMs: 60_000, now: () => clock.now })),
  };
}

let seeded = 0;

/** An incident as a finished declaration leaves it: its room, card and announcement, UALICE commanding. */
export async function declaredIncident(db: Db, at: Date, severity: Severity = 'sev2', extra: { private?: boolean } = {}): Promise<Incident & { channelId: string }> {
  const incident = (await insertIncident(db, {
    title: `Checkout failing ${++seeded}`,
    description: '',
    severity,
    private: extra.private ?? false,
    declarerId: 'UALICE',
    requestKey: null,
    declaredAt: at,
    nextUpdateDueAt: new Date(at.getTime() + 30 * 60_000),
  }))!;
  await recordRoleAssignment(db, incident.number, { role: 'commander', userId: 'UALICE', previousUserId: null, assignedBy: 'UALICE', assignedAt: at });
  return (await updateIncident(db, incident.number, {
    channelId: `CINC${incident.number}`,
    channelName: `inc-${incident.number}`,
    cardTs: '1700000000.000001',
    announcementTs: '1700000000.000002',
    declareStep: 'announced',
  })) as Incident & { channelId: string };
}

export interface RecordingSuite {
  database: { db: Db };
  ports: RecordingPorts;
  clock: { now: Date };
  ctx: UseCaseContext;
}

/**
 * A suite's database (migrated once, emptied before each test) and, per test, fresh recording ports and
 * a context whose clock starts at `startAt`: read the fields inside tests, after the hooks ran.
 */
export function recordingSuite(kind: DatabaseKind, startAt: Date): RecordingSuite {
  const suite = {} as RecordingSuite;
  let database: Awaited<ReturnType<typeof migratedDatabase>> | undefined;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    suite.database = database;
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await emptyIncidents(database!.db);
    suite.ports = new RecordingPorts();
    suite.clock = { now: startAt };
    suite.ctx = recordingContext(database!.db, suite.ports, suite.clock);
  });
  return suite;
}
