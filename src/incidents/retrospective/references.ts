import type { RetrospectiveInput } from './input.js';

const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const CHANNEL_LINK = /<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>/g;

type IncidentRecord = Pick<RetrospectiveInput, 'incident' | 'roleHistory' | 'timeline' | 'statusUpdates'>;

/** Every text of the record that may carry Slack markup. */
function textsOf(record: IncidentRecord): string[] {
  return [
    record.incident.title,
    record.incident.description,
    ...record.timeline.filter((e) => !e.deletedAt).map((e) => e.text),
    ...record.statusUpdates.map((u) => u.text),
  ];
}

/** Everyone the retrospective names (actors and `<@U…>` mentions): the names to look up before writing. */
export function usersNamedIn(record: IncidentRecord): string[] {
  const ids = new Set<string>([record.incident.declarerId]);
  for (const a of record.roleHistory) {
    ids.add(a.userId);
    if (a.previousUserId) ids.add(a.previousUserId);
    if (a.assignedBy) ids.add(a.assignedBy);
  }
  for (const entry of record.timeline) if (entry.authorId && !entry.deletedAt) ids.add(entry.authorId);
  for (const update of record.statusUpdates) ids.add(update.authorId);
  for (const text of textsOf(record)) for (const [, id] of text.matchAll(USER_MENTION)) ids.add(id!);
  return [...ids];
}

/** The channels linked with `<#C…>`: the names to look up before writing. */
export function channelsLinkedIn(record: IncidentRecord): string[] {
  const ids = new Set<string>();
  for (const text of textsOf(record)) for (const [, id] of text.matchAll(CHANNEL_LINK)) ids.add(id!);
  return [...ids];
}
