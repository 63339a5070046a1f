import { listAlerts, type StoredAlert } from '../db/alert-store.js';
import { checklistOf } from '../db/checklist-store.js';
import { followupsOf } from '../db/followup-store.js';
import { pagesOfIncident, type PageStatus } from '../db/page-store.js';
import { getListedIncident, type ListedIncident, listIncidentPage } from '../db/incident-read-store.js';
import { latestRetrospective } from '../db/retrospective-store.js';
import { currentRoleHolders, roleHistory } from '../db/role-store.js';
import { listStatusUpdates, type StatusUpdate } from '../db/status-update-store.js';
import { keyEvents, storedMessages, type TimelineCursor, threadReplies, timelineWindow } from '../db/timeline-read-store.js';
import type { RecordedTimelineEntry } from '../db/timeline-store.js';
import type { ChecklistItem } from '../incidents/checklist.js';
import type { Followup } from '../incidents/followup.js';
import type { RoleHolders } from '../incidents/incident.js';
import { isReply as isThreadReply } from '../incidents/timeline.js';
import type { RoleAssignment } from '../incidents/retrospective/input.js';
import type { IncidentState, Severity } from '../incidents/types.js';
import { maySee, privateIncidentsShown, type ReadContext, type Reader } from './incident-reader.js';

export interface IncidentQuery {
  states?: IncidentState[];
  severity?: Severity;
  type?: string;
  words?: string[];
  since?: Date;
  page: number;
  perPage: number;
}

export interface IncidentPage {
  items: ListedIncident[];
  total: number;
  page: number;
  perPage: number;
  /** False when the workspace could not say which rooms the reader is in (see PrivateShown). */
  roomsKnown: boolean;
}

/** The incidents this reader may see, newest first, one page of them. */
export async function listIncidents(ctx: ReadContext, reader: Reader, query: IncidentQuery): Promise<IncidentPage> {
  const shown = await privateIncidentsShown(ctx, reader);
  const { items, total } = await listIncidentPage(
    ctx.db,
    { states: query.states, severity: query.severity, type: query.type, words: query.words, since: query.since, privateShown: shown.numbers },
    { limit: query.perPage, offset: (query.page - 1) * query.perPage },
  );
  return { items, total, page: query.page, perPage: query.perPage, roomsKnown: shown.roomsKnown };
}

/** One entry and the replies of its thread, when it starts one. */
export interface TimelineItem {
  entry: RecordedTimelineEntry;
  replies: RecordedTimelineEntry[];
}

/** One window of the timeline, threads folded, and the entries to read on from either side. */
export interface TimelinePage {
  items: TimelineItem[];
  /** Read earlier entries `before` this entry id; undefined at the start. */
  earlier: string | undefined;
  /** Read later entries `after` this entry id; undefined at the end. */
  later: string | undefined;
}

/** Top-level entries (and the replies of their threads) an incident page shows at once. */
export const TIMELINE_WINDOW = 100;
/** Key events are few; the page shows them all, up to this many. */
const KEY_EVENTS_SHOWN = 500;

/** A page of someone on call for the incident, as readers see it. */
export interface PageOfIncident {
  target: string;
  provider: 'pagerduty' | 'opsgenie';
  status: PageStatus;
  urgency: 'high' | 'low';
  triggeredBy: string;
  triggeredAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  url: string | null;
}

export interface IncidentStory extends ListedIncident {
  roles: RoleHolders;
  handoffs: RoleAssignment[];
  updates: StatusUpdate[];
  timeline: TimelinePage;
  keyEvents: RecordedTimelineEntry[];
  checklist: ChecklistItem[];
  alerts: StoredAlert[];
  pages: PageOfIncident[];
  followups: Followup[];
  retrospectiveVersion: number | undefined;
  /** The names of everyone the story shows or mentions, by user id. */
  names: ReadonlyMap<string, string>;
}

/** The incident if it exists and this reader may see it; a hidden one is not found, exactly like a missing one. */
export async function visibleIncident(ctx: ReadContext, reader: Reader, number: number): Promise<ListedIncident | undefined> {
  const listed = await getListedIncident(ctx.db, number);
  if (!listed || listed.incident.abandonedAt || !(await maySee(ctx, reader, listed.incident))) return undefined;
  return listed;
}

// A reply is folded under its thread's start only within its own channel.
const isReply = (entry: RecordedTimelineEntry) => entry.channelId !== null && isThreadReply(entry);
const messageKey = (channelId: string | null, ts: string | null) => `${channelId}:${ts}`;

/**
 * One window of the timeline with its threads whole: a thread's replies are shown under the message
 * that started it (also those stored past the window), and left out of the window they fall in
 * when that message is shown elsewhere. A reply whose thread start is not stored stands on its own.
 */
export async function timelinePage(ctx: ReadContext, number: number, cursor: TimelineCursor, limit = TIMELINE_WINDOW): Promise<TimelinePage> {
  const window = await timelineWindow(ctx.db, number, cursor, limit);
  const starts = window.entries.filter((e) => !isReply(e) && e.channelId !== null && e.messageTs !== null);
  const startKeys = new Set(starts.map((e) => messageKey(e.channelId, e.messageTs)));
  const away = window.entries.filter((e) => isReply(e) && !startKeys.has(messageKey(e.channelId, e.threadTs)));
  const [storedAway, replies] = await Promise.all([
    storedMessages(ctx.db, number, away.map((e) => ({ channelId: e.channelId!, ts: e.threadTs! }))),
    threadReplies(ctx.db, number, starts.map((e) => ({ channelId: e.channelId!, ts: e.messageTs! }))),
  ]);
  const items: TimelineItem[] = [];
  const byStart = new Map<string, TimelineItem>();
  for (const entry of window.entries) {
    if (isReply(entry)) {
      const key = messageKey(entry.channelId, entry.threadTs);
      if (startKeys.has(key) || storedAway.has(key)) continue;
    }
    const item: TimelineItem = { entry, replies: [] };
    items.push(item);
    if (startKeys.has(messageKey(entry.channelId, entry.messageTs)) && !isReply(entry)) byStart.set(messageKey(entry.channelId, entry.messageTs), item);
  }
  for (const reply of replies) byStart.get(messageKey(reply.channelId, reply.threadTs))?.replies.push(reply);
  return {
    items,
    earlier: window.hasEarlier ? window.entries[0]?.id : undefined,
    later: window.hasLater ? window.entries.at(-1)?.id : undefined,
  };
}

/** The whole story of one incident: summary, roles and handoffs, updates, one window of the timeline, key events, checklist. */
export async function incidentStory(ctx: ReadContext, reader: Reader, number: number, cursor: TimelineCursor = { at: 'start' }): Promise<IncidentStory | undefined> {
  const listed = await visibleIncident(ctx, reader, number);
  if (!listed) return undefined;
  const [roles, handoffs, updates, timeline, keyEventEntries, checklist, alerts, pageRows, followups, retrospective] = await Promise.all([
    currentRoleHolders(ctx.db, number),
    roleHistory(ctx.db, number),
    listStatusUpdates(ctx.db, number),
    timelinePage(ctx, number, cursor),
    keyEvents(ctx.db, number, KEY_EVENTS_SHOWN),
    checklistOf(ctx.db, number),
    listAlerts(ctx.db, number),
    pagesOfIncident(ctx.db, number),
    followupsOf(ctx.db, number),
    latestRetrospective(ctx.db, number),
  ]);
  const pages = pageRows.map((p) => ({
    target: p.target,
    provider: p.provider,
    status: p.status,
    urgency: p.urgency,
    triggeredBy: p.triggered_by,
    triggeredAt: p.triggered_at,
    acknowledgedBy: p.acknowledged_by,
    acknowledgedAt: p.acknowledged_at,
    resolvedAt: p.resolved_at,
    url: p.provider_url,
  }));
  const entries = [...timeline.items.flatMap((item) => [item.entry, ...item.replies]), ...keyEventEntries];
  const names = await ctx.names([
    listed.incident.declarerId,
    ...Object.values(roles).filter((id): id is string => typeof id === 'string'),
    ...handoffs.flatMap((h) => [h.userId, h.previousUserId, h.assignedBy]).filter((id): id is string => id !== null && id !== undefined),
    ...updates.flatMap((u) => [u.authorId, ...mentionedIn(u.text)]),
    ...checklist.flatMap((c) => (c.doneBy ? [c.doneBy] : [])),
    ...pages.flatMap((p) => [p.triggeredBy, ...(p.acknowledgedBy ? [p.acknowledgedBy] : [])]),
    ...followups.map((f) => f.ownerId),
    ...entries.flatMap((e) => [...(e.authorId ? [e.authorId] : []), ...mentionedIn(e.text)]),
  ]);
  return { ...listed, roles, handoffs, updates, timeline, keyEvents: keyEventEntries, checklist, alerts, pages, followups, retrospectiveVersion: retrospective?.version, names };
}

/** The people a Slack message mentions (`<@U123>`, `<@U123|label>`). */
function mentionedIn(text: string): string[] {
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
}

/** One window of the timeline alone (the API's), in stored order, deleted entries left out. */
export async function incidentTimeline(
  ctx: ReadContext,
  reader: Reader,
  number: number,
  cursor: TimelineCursor,
  limit: number,
): Promise<{ entries: RecordedTimelineEntry[]; next: string | undefined } | undefined> {
  if (!(await visibleIncident(ctx, reader, number))) return undefined;
  const window = await timelineWindow(ctx.db, number, cursor, limit);
  return { entries: window.entries, next: window.hasLater ? window.entries.at(-1)?.id : undefined };
}

/** The latest retrospective's Markdown, if the incident is visible and has one. */
export async function incidentRetrospective(ctx: ReadContext, reader: Reader, number: number): Promise<{ listed: ListedIncident; markdown: string | undefined; version: number | undefined } | undefined> {
  const listed = await visibleIncident(ctx, reader, number);
  if (!listed) return undefined;
  const retrospective = await latestRetrospective(ctx.db, number);
  return { listed, markdown: retrospective?.markdown, version: retrospective?.version };
}
