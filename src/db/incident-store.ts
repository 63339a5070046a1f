import { sql } from 'kysely';
import type { Incident } from '../incidents/incident.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { OPEN_STATES, type Severity } from '../incidents/types.js';
import type { Db } from './database.js';
import type { IncidentRow, IncidentRowUpdate } from './schema.js';

export function toIncident(row: IncidentRow): Incident {
  return {
    number: row.number,
    title: row.title,
    description: row.description,
    severity: row.severity,
    state: row.state,
    private: row.private,
    declarerId: row.declarer_id,
    channelId: row.channel_id,
    channelName: row.channel_name,
    cardTs: row.card_ts,
    announcementTs: row.announcement_ts,
    declareStep: row.declare_step,
    declareError: row.declare_error,
    abandonedAt: row.declare_abandoned_at,
    declaredAt: row.declared_at,
    identifiedAt: row.identified_at,
    monitoringAt: row.monitoring_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    reopenedAt: row.reopened_at,
    severityChangedAt: row.severity_changed_at,
    impactStartedAt: row.impact_started_at,
    detectedAt: row.detected_at,
    mitigatedAt: row.mitigated_at,
    lastUpdateAt: row.last_update_at,
    nextUpdateDueAt: row.next_update_due_at,
    type: row.type,
  };
}

/** Domain field names → columns, for partial updates. */
const COLUMNS = {
  title: 'title',
  description: 'description',
  severity: 'severity',
  state: 'state',
  private: 'private',
  channelId: 'channel_id',
  channelName: 'channel_name',
  cardTs: 'card_ts',
  announcementTs: 'announcement_ts',
  declareStep: 'declare_step',
  declareError: 'declare_error',
  abandonedAt: 'declare_abandoned_at',
  identifiedAt: 'identified_at',
  monitoringAt: 'monitoring_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  reopenedAt: 'reopened_at',
  severityChangedAt: 'severity_changed_at',
  impactStartedAt: 'impact_started_at',
  detectedAt: 'detected_at',
  mitigatedAt: 'mitigated_at',
  lastUpdateAt: 'last_update_at',
  nextUpdateDueAt: 'next_update_due_at',
} as const satisfies Partial<Record<keyof Incident, keyof IncidentRow>>;

export type IncidentChanges = Partial<Pick<Incident, keyof typeof COLUMNS>>;

export interface NewIncident {
  title: string;
  description: string;
  severity: Severity;
  private: boolean;
  declarerId: string;
  requestKey: string | null;
  declaredAt: Date;
  nextUpdateDueAt: Date;
  /** The process file's incident type, if any. */
  type?: string | null;
}

/**
 * Inserts a new incident (number from the database sequence). A request key already used
 * (a double submit, a retried command) inserts nothing and returns undefined.
 */
export async function insertIncident(db: Db, incident: NewIncident): Promise<Incident | undefined> {
  const row = await db
    .insertInto('incidents')
    .values({
      title: incident.title,
      description: incident.description,
      severity: incident.severity,
      private: incident.private,
      declarer_id: incident.declarerId,
      request_key: incident.requestKey,
      declared_at: incident.declaredAt,
      severity_changed_at: incident.declaredAt,
      last_update_at: incident.declaredAt,
      next_update_due_at: incident.nextUpdateDueAt,
      type: incident.type ?? null,
      // Declaring counts as an update: the first nudge is due when the first update is.
      next_nudge_at: latest(incident.nextUpdateDueAt, incident.declaredAt),
      declare_error: null,
      declare_abandoned_at: null,
      channel_name: null,
      channel_id: null,
      card_ts: null,
      announcement_ts: null,
      identified_at: null,
      monitoring_at: null,
      resolved_at: null,
      closed_at: null,
      reopened_at: null,
      impact_started_at: null,
      detected_at: null,
      mitigated_at: null,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toIncident(row) : undefined;
}

export async function getIncident(db: Db, number: number): Promise<Incident | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst();
  return row ? toIncident(row) : undefined;
}

/**
 * Reads the incident and locks its row until the transaction ends: changes to one incident are
 * decided and stored one at a time, each on the state the one before it left.
 */
export async function lockIncident(trx: Db, number: number): Promise<Incident | undefined> {
  const row = await trx.selectFrom('incidents').selectAll().where('number', '=', number).forUpdate().executeTakeFirst();
  return row ? toIncident(row) : undefined;
}

export async function findIncidentByRequestKey(db: Db, requestKey: string): Promise<Incident | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
  return row ? toIncident(row) : undefined;
}

/** The incident whose channel this is, if any (unique index on channel_id). */
export async function findIncidentByChannel(db: Db, channelId: string): Promise<Incident | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
  return row ? toIncident(row) : undefined;
}

function toColumns(changes: IncidentChanges): IncidentRowUpdate {
  const values: IncidentRowUpdate = { updated_at: new Date() };
  for (const [field, value] of Object.entries(changes)) {
    const column = COLUMNS[field as keyof typeof COLUMNS];
    if (column) (values as Record<string, unknown>)[column] = value;
  }
  // A status update (or reopening) restarts the nudge clock: no nudge since it, the next due with the next update.
  if (changes.lastUpdateAt) {
    // Without the new due time, the earliest it can be: a sweep then puts it right.
    values.next_nudge_at = changes.nextUpdateDueAt ? latest(changes.nextUpdateDueAt, changes.lastUpdateAt) : changes.lastUpdateAt;
  }
  // A new severity's window moves the next nudge: stored as the earliest it can be (the new next
  // update's due time), the sweep then puts it right with the policy, counting from the last nudge.
  else if (changes.severity !== undefined) values.next_nudge_at = changes.nextUpdateDueAt ?? new Date();
  return values;
}

const latest = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

/** Writes the given fields; returns the incident as stored afterwards. */
export async function updateIncident(db: Db, number: number, changes: IncidentChanges): Promise<Incident> {
  const row = await db.updateTable('incidents').set(toColumns(changes)).where('number', '=', number).returningAll().executeTakeFirstOrThrow();
  return toIncident(row);
}

/**
 * Open incidents (declared, not resolved or closed), newest first; given the policy, most severe
 * first by its order (not by the ids' text), then newest.
 */
export async function listOpenIncidents(db: Db, policy?: Pick<IncidentPolicy, 'severityIds'>): Promise<Incident[]> {
  let query = db.selectFrom('incidents').selectAll().where('state', 'in', OPEN_STATES).where('declare_abandoned_at', 'is', null);
  if (policy) query = query.orderBy(severityRank(policy.severityIds));
  const rows = await query.orderBy('declared_at', 'desc').execute();
  return rows.map(toIncident);
}

/** A severity's position in the policy's order; ids it no longer has come after every known one. */
function severityRank(ids: readonly Severity[]) {
  const ranks = sql.join(ids.map((id, i) => sql`when ${id}::text then ${i}::integer`), sql` `);
  return sql<number>`case severity ${ranks} else ${ids.length}::integer end`;
}

/** Resolved and closed incidents, most recently resolved first (App Home). */
export async function listRecentlyResolvedIncidents(db: Db, limit: number): Promise<Incident[]> {
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .where('state', 'in', ['resolved', 'closed'])
    .orderBy('resolved_at', (ob) => ob.desc().nullsLast())
    .orderBy('number', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toIncident);
}

/** Names (without #) of the incident channels among these channel ids, for `<#C…>` links. */
export async function incidentChannelNames(db: Db, channelIds: readonly string[]): Promise<Record<string, string>> {
  if (channelIds.length === 0) return {};
  const rows = await db
    .selectFrom('incidents')
    .select(['channel_id', 'channel_name'])
    .where('channel_id', 'in', [...channelIds])
    .where('channel_name', 'is not', null)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.channel_id!, r.channel_name!]));
}
