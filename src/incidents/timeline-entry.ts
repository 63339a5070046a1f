import type { TimelineKind } from './types.js';

/** One entry of an incident's timeline: something a person said, or something Sitrep did. */
export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  /** The person who said or did it; null for what Sitrep did on its own (a nudge). */
  authorId: string | null;
  /** As Slack sent it: mrkdwn with `<@U…>` mentions and `&amp;` escapes. */
  text: string;
  occurredAt: Date;
  messageTs: string | null;
  /** The thread's first message ts; a reply has a threadTs different from its own messageTs. */
  threadTs: string | null;
  files: { name: string }[];
  editedAt: Date | null;
  /** Deleted in Slack: kept for the record, left out of the retrospective. */
  deletedAt: Date | null;
  /** Marked with a :pushpin: reaction. */
  keyEvent: boolean;
  /** Details of a system entry, e.g. the severity ids `{ from, to }` for a severity change. */
  data: Record<string, unknown>;
}
