import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EffectDispatcher } from '../effects/effect-dispatcher.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { Logger } from '../logger.js';
import type { PagingRuntime } from '../paging/paging-runtime.js';
import type { ProcessFile } from '../process/process-schema.js';
import type { UseCaseMetrics } from './metrics.js';
import type { WorkQueue } from '../work-queue.js';
import type { MembershipCache } from './membership-cache.js';
import type { IncidentNotifier, Workspace } from './ports.js';
import type { SlackGateway } from './slack-gateway.js';
import type { TimelineRuntime } from './timeline-runtime.js';

/** Per-process work queues, built once in main.ts: a burst of declarations waits its turn in them. */
export interface DeclarationQueues {
  /** Writing a declaration's rows. */
  records: WorkQueue;
  /** Running a declaration's steps (room, invitations, topic, card, announcement). */
  steps: WorkQueue;
}

/** What every use case works with: the store, the ports, the settings and the clock. */
export interface UseCaseContext {
  db: Db;
  /** What people are told, in incident terms. */
  notifier: IncidentNotifier;
  /** Rooms and people. */
  workspace: Workspace;
  /** Reading channel history back, for the timelines. */
  slack: SlackGateway;
  declarations: DeclarationQueues;
  config: Config;
  /** The incident process: severities, roles, cadences. */
  policy: IncidentPolicy;
  /** The whole process file: types, rules, alerts, paging, follow-ups. */
  process: ProcessFile;
  logger: Logger;
  now: () => Date;
  /** The bot's own user id: its messages are not copied to timelines and it holds no role. */
  botUserId: string;
  /** Workspace URL such as https://acme.slack.com/, for permalinks without an API call. */
  workspaceUrl: string;
  /** Counters for /metrics; absent in tests that do not look at them. */
  metrics?: UseCaseMetrics;
  /** The timeline's writer, caches, gap tracker and history reader (built in main.ts). */
  timeline: TimelineRuntime;
  /** Runs the effects changes store (posts, card, topic…): poke it after a commit, wait with settled(). */
  effects: EffectDispatcher;
  /** PagerDuty and Opsgenie, and who is on call (cached). */
  paging: PagingRuntime;
  /** Which private rooms a person is in (kept a minute): who sees a private incident. */
  membership: MembershipCache;
}
