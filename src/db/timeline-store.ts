import type { TimelineKind } from '../incidents/types.js';
import type { Db } from './database.js';

export interface SystemEntry {
  kind: Exclude<TimelineKind, 'message'>;
  /** Who did it (a person's user id), if anyone. */
  authorId: string | null;
  text: string;
  occurredAt: Date;
  /** Details for the retrospective, e.g. `{ from: 'sev3', to: 'sev1' }`. */
  data?: Record<string, unknown>;
  /** The bot's post that announced it, so a :pushpin: on that post marks this entry. */
  channelId?: string | null;
  messageTs?: string | null;
}

/** Records something Sitrep did as a typed system entry on the incident's timeline. */
export async function appendSystemEntry(db: Db, incidentNumber: number, entry: SystemEntry): Promise<void> {
  await db
    .insertInto('timeline_entries')
    .values({
      incident_number: incidentNumber,
      kind: entry.kind,
      author_id: entry.authorId,
      text: entry.text,
      occurred_at: entry.occurredAt,
      data: JSON.stringify(entry.data ?? {}),
      files: '[]',
      channel_id: entry.channelId ?? null,
      message_ts: entry.messageTs ?? null,
      thread_ts: null,
      permalink: null,
      edited_at: null,
      deleted_at: null,
    })
    .execute();
}
