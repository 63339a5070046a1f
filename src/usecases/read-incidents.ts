import { checklistOf } from '../db/checklist-store.js';
import { getListedIncident, type ListedIncident, listIncidentPage } from '../db/incident-read-store.js';
import { latestRetrospective } from '../db/retrospective-store.js';
import { currentRoleHolders, roleHistory } from '../db/role-store.js';
import { listStatusUpdates, type StatusUpdate } from '../db/status-update-store.js';
import { listTimelineEntries, type RecordedTimelineEntry } from '../db/timeline-store.js';
import type { ChecklistItem } from '../incidents/checklist.js';
import type { RoleHolders } from '../incidents/incident.js';
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
}

/** The incidents this reader may see, newest first, one page of them. */
export async function listIncidents(ctx: ReadContext, reader: Reader, query: IncidentQuery): Promise<IncidentPage> {
  const privateShown = await privateIncidentsShown(ctx, reader);
  const { items, total } = await listIncidentPage(
    ctx.db,
    { states: query.states, severity: query.severity, type: query.type, words: query.words, since: query.since, privateShown },
    { limit: query.perPage, offset: (query.page - 1) * query.perPage },
  );
  return { items, total, page: query.page, perPage: query.perPage };
}

/** One entry and the replies of its thread, when it starts one. */
export interface TimelineItem {
  entry: RecordedTimelineEntry;
  replies: RecordedTimelineEntry[];
}

export interface IncidentStory extends ListedIncident {
  roles: RoleHolders;
  handoffs: RoleAssignment[];
  updates: StatusUpdate[];
  timeline: TimelineItem[];
  keyEvents: RecordedTimelineEntry[];
  checklist: ChecklistItem[];
  retrospectiveVersion: number | undefined;
}

/** The incident if it exists and this reader may see it; a hidden one is not found, exactly like a missing one. */
export async function visibleIncident(ctx: ReadContext, reader: Reader, number: number): Promise<ListedIncident | undefined> {
  const listed = await getListedIncident(ctx.db, number);
  if (!listed || listed.incident.abandonedAt || !(await maySee(ctx, reader, listed.incident))) return undefined;
  return listed;
}

/** Replies are folded under the message that started their thread; deleted entries stay out. */
export function threaded(entries: readonly RecordedTimelineEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const parents = new Map<string, TimelineItem>();
  for (const entry of entries) {
    if (entry.deletedAt) continue;
    const isReply = entry.threadTs !== null && entry.threadTs !== entry.messageTs;
    const parent = isReply ? parents.get(`${entry.channelId}:${entry.threadTs}`) : undefined;
    if (parent) {
      parent.replies.push(entry);
      continue;
    }
    const item = { entry, replies: [] };
    items.push(item);
    if (entry.messageTs) parents.set(`${entry.channelId}:${entry.messageTs}`, item);
  }
  return items;
}

/** The whole story of one incident: summary, roles and handoffs, updates, timeline, checklist. */
export async function incidentStory(ctx: ReadContext, reader: Reader, number: number): Promise<IncidentStory | undefined> {
  const listed = await visibleIncident(ctx, reader, number);
  if (!listed) return undefined;
  const [roles, handoffs, updates, entries, checklist, retrospective] = await Promise.all([
    currentRoleHolders(ctx.db, number),
    roleHistory(ctx.db, number),
    listStatusUpdates(ctx.db, number),
    listTimelineEntries(ctx.db, number),
    checklistOf(ctx.db, number),
    latestRetrospective(ctx.db, number),
  ]);
  return {
    ...listed,
    roles,
    handoffs,
    updates,
    timeline: threaded(entries),
    keyEvents: entries.filter((e) => e.keyEvent && !e.deletedAt),
    checklist,
    retrospectiveVersion: retrospective?.version,
  };
}

/** The timeline alone (the API's), deleted entries left out. */
export async function incidentTimeline(ctx: ReadContext, reader: Reader, number: number): Promise<RecordedTimelineEntry[] | undefined> {
  if (!(await visibleIncident(ctx, reader, number))) return undefined;
  return (await listTimelineEntries(ctx.db, number)).filter((e) => !e.deletedAt);
}

/** The latest retrospective's Markdown, if the incident is visible and has one. */
export async function incidentRetrospective(ctx: ReadContext, reader: Reader, number: number): Promise<{ listed: ListedIncident; markdown: string | undefined; version: number | undefined } | undefined> {
  const listed = await visibleIncident(ctx, reader, number);
  if (!listed) return undefined;
  const retrospective = await latestRetrospective(ctx.db, number);
  return { listed, markdown: retrospective?.markdown, version: retrospective?.version };
}
