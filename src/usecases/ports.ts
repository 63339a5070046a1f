import type { Incident, RoleHolders } from '../incidents/incident.js';
import type { NudgeAudience } from '../incidents/nudge-policy.js';
import type { Headline } from '../incidents/retrospective/figures.js';
import type { RoleChange } from '../incidents/roles.js';
import type { IncidentState, Role, Severity } from '../incidents/types.js';
import type { DeclareOutcome } from './declare-incident.js';
import { SlackCallError } from './slack-gateway.js';

/** Where a message the notifier posted lives: what the timeline links to. */
export interface Posted {
  channel: string;
  ts: string;
}

export type RoleChanged = Exclude<RoleChange, { kind: 'unchanged' }>;

export interface UpdateNotice {
  authorId: string;
  text: string;
  /** The state before the update, when the update changed it. */
  previousState: IncidentState | undefined;
  nextUpdateDueAt: Date;
  postedAt: Date;
}

export interface NudgeNotice {
  /** The stored nudge it delivers: named in the post, so a retry after a lost answer finds it instead of posting twice. */
  nudgeId: number;
  /** An earlier sweep tried to post it and failed. */
  retry: boolean;
  incidentNumber: number;
  channelId: string;
  /** Time since the last status update (declaring counts). */
  sinceLastUpdateMs: number;
  audience: NudgeAudience;
  streak: number;
  /** The stale window: when the next nudge comes if there is still no update. */
  windowMs: number;
}

/** Someone paged a target from the page form: told in the channel. (A type, so it can be an effect's payload.) */
export type PageNotice = {
  by: string;
  target: string;
  provider: 'pagerduty' | 'opsgenie';
  message: string | null;
  /** The target was paged before: this updated that page. */
  again: boolean;
};

export interface RetrospectiveNotice {
  version: number;
  markdown: string;
  headline: Headline;
  closedBy: string;
}

/**
 * What people are told about incidents, in incident terms. The use cases decide and store first,
 * then call this; the Slack adapter (`src/slack/slack-incident-notifier.ts`) renders and posts.
 * Failures are thrown as SlackCallError (or RoomGone), with a retryable flag.
 */
export interface IncidentNotifier {
  /** The declaration's steps once the room exists: topic, pinned card, announcement. */
  topicSet(incident: Incident, roles: RoleHolders): Promise<void>;
  cardPosted(incident: Incident, roles: RoleHolders): Promise<Posted>;
  /** Pins the card at `incident.cardTs`; already pinned is fine. */
  cardPinned(incident: Incident & { cardTs: string }): Promise<void>;
  /** Announces the incident where incidents are announced; undefined when there is no such place. */
  declared(incident: Incident, roles: RoleHolders): Promise<Posted | undefined>;
  /** Tells a declarer waiting for their channel how the declaration went. */
  declarationFinished(declarerId: string, outcome: DeclareOutcome): Promise<void>;

  roleChanged(incident: Incident, change: RoleChanged): Promise<Posted>;
  /** Tells a new holder what the role does. */
  roleNote(incident: Incident, role: Role, userId: string): Promise<void>;
  /** `announce`: a rise to a major severity is also told under the announcement. */
  severityChanged(incident: Incident, change: { from: Severity; to: Severity; by: string }, announce: boolean): Promise<Posted>;
  statusUpdated(incident: Incident, update: UpdateNotice, announce: boolean): Promise<{ posted: Posted; announcementTs: string | undefined }>;
  resolved(incident: Incident, by: string, note: string | undefined, at: Date): Promise<Posted>;
  reopened(incident: Incident, by: string): Promise<Posted>;
  paged(incident: Incident, page: PageNotice): Promise<Posted>;
  /** Posts the retrospective draft; a file the workspace will not take is told as a note instead. */
  closed(incident: Incident, retrospective: RetrospectiveNotice): Promise<{ fileId: string | null; uploadError: SlackCallError | undefined }>;
  /** Throws RoomGone when the incident's room is archived or gone for good. */
  nudged(nudge: NudgeNotice): Promise<Posted>;
  /** The direct message and announcement-thread mention that ride on a sent nudge (an effect: tries both, then throws a failure). */
  nudgeEscalated(nudge: NudgeNotice): Promise<void>;
  /** Re-renders the card, topic and announcement from the stored incident; tries all three, then throws a failure (a retry is harmless). */
  viewsRefreshed(incident: Incident, roles: RoleHolders): Promise<void>;
}

export type PersonKind = 'person' | 'bot' | 'deactivated' | 'unknown';

export interface Person {
  id: string;
  kind: PersonKind;
  /** The name people know them by; empty when unknown. */
  name: string;
}

/** Rooms and people in the workspace the incidents run in. */
export interface Workspace {
  /** Throws RoomNameTaken when the workspace already has a room of that name. */
  createRoom(name: string, isPrivate: boolean): Promise<{ id: string }>;
  /** The room of that name if Sitrep made it (an earlier create whose answer was lost), else undefined. */
  ownRoomNamed(name: string): Promise<{ id: string } | undefined>;
  /** People already in the room are no error. */
  invite(roomId: string, people: string[]): Promise<void>;
  person(userId: string): Promise<Person>;
  /** The private rooms this person is in that Sitrep is in too (every incident room it made): which private incidents they may see. */
  privateRoomsOf(userId: string): Promise<string[]>;
  /** Plain text written as the workspace's messages are, which is how timeline entries store text. */
  markup(plain: string): string;
}

/** The workspace already has a room of that name (or every name we would try is taken). */
export class RoomNameTaken extends SlackCallError {
  constructor(method = 'createRoom') {
    super(method, 'name_taken', false);
    this.name = 'RoomNameTaken';
  }
}

/** The incident's room is archived or gone for good: posting there will never work. */
export class RoomGone extends SlackCallError {
  constructor(method: string, code: string) {
    super(method, code, false);
    this.name = 'RoomGone';
  }
}
