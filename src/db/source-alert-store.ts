import { sql } from 'kysely';
import type { AlertEvent, KnownAlert } from '../incidents/alert-events.js';
import { type SourceAlert, sourceAlertIdentity } from '../incidents/source-alerts.js';
import type { Db } from './database.js';
import { appendSystemEntries } from './timeline-store.js';

/** An incident's source alerts as the views show them, oldest first. */
export async function sourceAlertsOf(db: Db, incidentNumber: number): Promise<SourceAlert[]> {
  const rows = await db
    .selectFrom('alerts')
    .select(['fingerprint', 'status', 'labels', 'annotations', 'links', 'starts_at', 'ends_at'])
    .where('incident_number', '=', incidentNumber)
    .orderBy('starts_at')
    .orderBy('fingerprint')
    .execute();
  return rows.map((row) => ({
    ...sourceAlertIdentity(row),
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    link: row.links[0]?.url ?? null,
  }));
}

/** These alerts of the incident as stored now (absent: never seen). */
export async function knownAlerts(db: Db, incidentNumber: number, fingerprints: readonly string[]): Promise<Map<string, KnownAlert>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await db
    .selectFrom('alerts')
    .select(['fingerprint', 'status', 'starts_at'])
    .where('incident_number', '=', incidentNumber)
    .where('fingerprint', 'in', fingerprints)
    .execute();
  return new Map(rows.map((row) => [row.fingerprint, { status: row.status, startsAt: row.starts_at }]));
}

/** Records alert events on the incident's timeline, as Sitrep's (no author), in one statement. */
export async function appendAlertEvents(trx: Db, incidentNumber: number, events: readonly AlertEvent[]): Promise<void> {
  await appendSystemEntries(
    trx,
    incidentNumber,
    events.map((event) => ({
      kind: event.kind,
      authorId: null,
      text: event.text,
      occurredAt: event.occurredAt,
      data: { fingerprint: event.fingerprint, ...(event.allResolved ? { allResolved: true } : {}) },
    })),
  );
}

/**
 * Moves the `detected` milestone back to an alert that started earlier than it, unless a person
 * recorded the milestone: the earliest alert's start is only its default.
 */
export async function detectedNoLaterThan(trx: Db, incidentNumber: number, at: Date): Promise<void> {
  await sql`
    update incidents set detected_at = ${at}
    where number = ${incidentNumber} and (detected_at is null or detected_at > ${at})
      and not exists (
        select 1 from timeline_entries
        where incident_number = ${incidentNumber} and kind = 'milestone' and data->>'milestone' = 'detected'
      )`.execute(trx);
}

/** Whether the incident has its channel (so a card to refresh). */
export async function hasChannel(db: Db, incidentNumber: number): Promise<boolean> {
  const row = await db.selectFrom('incidents').select('channel_id').where('number', '=', incidentNumber).executeTakeFirst();
  return Boolean(row?.channel_id);
}
