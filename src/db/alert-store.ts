import { sql } from 'kysely';
import type { AlertLink, AlertStatus, NormalisedAlert } from '../integrations/alerts/notification.js';
import type { IncidentState } from '../incidents/types.js';
import type { Db } from './database.js';

export interface AlertGroupIncident {
  number: number;
  state: IncidentState;
  /** Whether this notification made it (the group's first while none is open). */
  created: boolean;
  /** The group's earlier incident whose declaration was abandoned, declined by this claim to make way. */
  retired?: number;
}

/** Why an alert group's incident whose channel could never be made is declined. */
export const DECLINED_NOT_DECLARED = 'could not be declared';

export interface NewAlertGroupIncident {
  source: string;
  alertKey: string;
  title: string;
  severity: string;
  state: IncidentState;
  type: string | undefined;
  /** Who declared it: the alert source, until a person accepts it. */
  declarerId: string;
  triageChannelId: string | null;
  detectedAt: Date;
  nextUpdateDueAt: Date;
  now: Date;
}

/**
 * The open incident of an alert group, locked for this transaction, made when there is none. It is
 * looked for first: an insert that loses to the unique index still uses up an incident number, and
 * a group re-sent every few seconds would make the numbers jump by thousands. When two replicas
 * insert at once, the partial unique index decides: the loser's insert does nothing and it then
 * reads (and locks) the winner's row.
 */
export async function claimAlertGroupIncident(trx: Db, group: NewAlertGroupIncident): Promise<AlertGroupIncident> {
  let retired: number | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const open = await openGroupIncident(trx, group.source, group.alertKey);
    if (open?.abandoned) {
      // Its channel could never be made and nobody can act on it: declined, so the group is triaged afresh.
      await declineAbandonedIncident(trx, open.number, group.source, group.now);
      retired = open.number;
      continue;
    }
    if (open) return { number: open.number, state: open.state, created: false };
    const merged = await mergedGroupIncident(trx, group.source, group.alertKey);
    if (merged) return { ...merged, created: false };
    const inserted = await sql<{ number: number; state: IncidentState }>`
      insert into incidents (title, severity, state, declarer_id, declared_at, severity_changed_at, last_update_at,
        next_update_due_at, detected_at, type, source, alert_key, triage_channel_id)
      values (${group.title}, ${group.severity}, ${group.state}, ${group.declarerId}, ${group.now}, ${group.now}, ${group.now},
        ${group.nextUpdateDueAt}, ${group.detectedAt}, ${group.type ?? null}, ${group.source}, ${group.alertKey}, ${group.triageChannelId})
      on conflict (source, alert_key) where alert_key is not null and state not in ('resolved', 'closed', 'declined')
      do nothing
      returning number, state`.execute(trx);
    if (inserted.rows[0]) return { ...inserted.rows[0], created: true, ...(retired !== undefined ? { retired } : {}) };
    // Another replica inserted it meanwhile (or it was resolved, declined or merged): look again.
  }
  throw new Error(`could not claim the incident of alert group ${group.source}:${group.alertKey}`);
}

type GroupIncident = { number: number; state: IncidentState };

/** The group's own open incident, locked; `abandoned` when its declaration could not make the channel. */
async function openGroupIncident(trx: Db, source: string, alertKey: string): Promise<(GroupIncident & { abandoned: boolean }) | undefined> {
  const { rows } = await sql<GroupIncident & { abandoned: boolean }>`
    select number, state, declare_abandoned_at is not null as abandoned from incidents
    where source = ${source} and alert_key = ${alertKey} and state not in ('resolved', 'closed', 'declined')
    for update`.execute(trx);
  return rows[0];
}

/** The open incident the group was merged into in triage, locked: its notifications update that one. */
async function mergedGroupIncident(trx: Db, source: string, alertKey: string): Promise<GroupIncident | undefined> {
  const { rows } = await sql<GroupIncident>`
    select target.number, target.state from incidents merged
    join incidents target on target.number = merged.merged_into
    where merged.source = ${source} and merged.alert_key = ${alertKey} and merged.merged_into is not null
      and target.state not in ('triage', 'resolved', 'closed', 'declined')
    order by merged.number desc limit 1
    for update of target`.execute(trx);
  return rows[0];
}

/** Stores each alert by fingerprint: first seen kept, last seen, status, labels and links updated. */
export async function upsertAlerts(trx: Db, incidentNumber: number, alerts: readonly NormalisedAlert[], now: Date): Promise<void> {
  if (alerts.length === 0) return;
  await trx
    .insertInto('alerts')
    .values(
      alerts.map((alert) => ({
        incident_number: incidentNumber,
        fingerprint: alert.fingerprint,
        status: alert.status,
        labels: JSON.stringify(alert.labels),
        annotations: JSON.stringify(alert.annotations),
        links: JSON.stringify(alert.links),
        starts_at: alert.startsAt,
        ends_at: alert.endsAt ?? null,
        first_seen_at: now,
        last_seen_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['incident_number', 'fingerprint']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        labels: eb.ref('excluded.labels'),
        annotations: eb.ref('excluded.annotations'),
        links: eb.ref('excluded.links'),
        starts_at: eb.ref('excluded.starts_at'),
        ends_at: eb.ref('excluded.ends_at'),
        last_seen_at: eb.ref('excluded.last_seen_at'),
      })),
    )
    .execute();
}

export interface StoredAlert {
  fingerprint: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  links: AlertLink[];
  startsAt: Date;
  endsAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** An incident's alerts, oldest first. */
export async function listAlerts(db: Db, incidentNumber: number): Promise<StoredAlert[]> {
  const rows = await db.selectFrom('alerts').selectAll().where('incident_number', '=', incidentNumber).orderBy('starts_at').orderBy('fingerprint').execute();
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    status: row.status,
    labels: row.labels,
    annotations: row.annotations,
    links: row.links,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  }));
}

/** Whether every alert of the incident has resolved (and it has any). */
export async function allAlertsResolved(db: Db, incidentNumber: number): Promise<boolean> {
  const row = await db
    .selectFrom('alerts')
    .select([(eb) => eb.fn.countAll<string>().as('total'), (eb) => eb.fn.count<string>('fingerprint').filterWhere('status', '=', 'firing').as('firing')])
    .where('incident_number', '=', incidentNumber)
    .executeTakeFirstOrThrow();
  return Number(row.total) > 0 && Number(row.firing) === 0;
}

/** Sets a triage incident declined (by a person, or by the alerts resolving first). */
export async function declineTriageIncident(trx: Db, incidentNumber: number, by: string, reason: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('incidents')
    .set({ state: 'declined', declined_by: by, declined_reason: reason, updated_at: now })
    .where('number', '=', incidentNumber)
    .where('state', '=', 'triage')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What the triage message (or the alerts card) of an alert group's incident shows, and where it is. */
export interface AlertMessageTarget {
  number: number;
  title: string;
  severity: string;
  state: IncidentState;
  source: string | null;
  triageChannelId: string | null;
  triageTs: string | null;
  declinedBy: string | null;
  declinedReason: string | null;
  /** Who accepted it (the declarer once out of triage). */
  declarerId: string;
  channelId: string | null;
  alertsCardTs: string | null;
  mergedInto: number | null;
  abandoned: boolean;
}

export async function getAlertMessageTarget(db: Db, incidentNumber: number): Promise<AlertMessageTarget | undefined> {
  const row = await db
    .selectFrom('incidents')
    .select([
      'number',
      'title',
      'severity',
      'state',
      'source',
      'triage_channel_id',
      'triage_ts',
      'declined_by',
      'declined_reason',
      'declarer_id',
      'channel_id',
      'alerts_card_ts',
      'merged_into',
      'declare_abandoned_at',
    ])
    .where('number', '=', incidentNumber)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    number: row.number,
    title: row.title,
    severity: row.severity,
    state: row.state,
    source: row.source,
    triageChannelId: row.triage_channel_id,
    triageTs: row.triage_ts,
    declinedBy: row.declined_by,
    declinedReason: row.declined_reason,
    declarerId: row.declarer_id,
    channelId: row.channel_id,
    alertsCardTs: row.alerts_card_ts,
    mergedInto: row.merged_into,
    abandoned: row.declare_abandoned_at !== null,
  };
}

/** Remembers the triage message, so later notifications edit it in place. */
export async function setTriageMessage(db: Db, incidentNumber: number, ts: string): Promise<void> {
  await db.updateTable('incidents').set({ triage_ts: ts }).where('number', '=', incidentNumber).execute();
}

/** Remembers the alerts card pinned in the incident channel, so later notifications edit it. */
export async function setAlertsCard(db: Db, incidentNumber: number, ts: string): Promise<void> {
  await db.updateTable('incidents').set({ alerts_card_ts: ts }).where('number', '=', incidentNumber).execute();
}

/**
 * Moves a triage incident out of triage as accepted: the person accepting is its declarer, it is
 * declared now (the `detected` milestone keeps the alerts' start).
 */
export async function acceptTriageRow(trx: Db, incidentNumber: number, change: { by: string; now: Date; nextUpdateDueAt: Date }): Promise<void> {
  await trx
    .updateTable('incidents')
    .set({
      state: 'investigating',
      declarer_id: change.by,
      declared_at: change.now,
      severity_changed_at: change.now,
      last_update_at: change.now,
      next_update_due_at: change.nextUpdateDueAt,
      next_nudge_at: change.nextUpdateDueAt,
      updated_at: change.now,
    })
    .where('number', '=', incidentNumber)
    .where('state', '=', 'triage')
    .execute();
}

/** Whether an earlier incident of the group was declined because no channel could be made for it. */
export async function groupDeclarationFailedBefore(trx: Db, source: string, alertKey: string): Promise<boolean> {
  const row = await trx
    .selectFrom('incidents')
    .select('number')
    .where('source', '=', source)
    .where('alert_key', '=', alertKey)
    .where('state', '=', 'declined')
    .where('declined_reason', '=', DECLINED_NOT_DECLARED)
    .executeTakeFirst();
  return row !== undefined;
}

/** Declines an alert group's incident whose declaration was abandoned (accepted, but no channel could be made). */
async function declineAbandonedIncident(trx: Db, incidentNumber: number, by: string, now: Date): Promise<void> {
  await trx
    .updateTable('incidents')
    .set({ state: 'declined', declined_by: by, declined_reason: DECLINED_NOT_DECLARED, updated_at: now })
    .where('number', '=', incidentNumber)
    .where('declare_abandoned_at', 'is not', null)
    .execute();
}

/**
 * Merges a triage incident into another: declined (who, why), pointing at the target, its alerts
 * copied onto the target (a fingerprint both have keeps the newer news).
 */
export async function mergeTriageRow(trx: Db, incidentNumber: number, into: number, by: string, reason: string, now: Date): Promise<void> {
  await trx
    .updateTable('incidents')
    .set({ state: 'declined', declined_by: by, declined_reason: reason, merged_into: into, updated_at: now })
    .where('number', '=', incidentNumber)
    .where('state', '=', 'triage')
    .execute();
  await sql`
    insert into alerts (incident_number, fingerprint, status, labels, annotations, links, starts_at, ends_at, first_seen_at, last_seen_at)
    select ${into}, fingerprint, status, labels, annotations, links, starts_at, ends_at, first_seen_at, last_seen_at
    from alerts where incident_number = ${incidentNumber}
    on conflict (incident_number, fingerprint) do update set
      status = excluded.status, labels = excluded.labels, annotations = excluded.annotations, links = excluded.links,
      starts_at = excluded.starts_at, ends_at = excluded.ends_at, last_seen_at = excluded.last_seen_at
    where alerts.last_seen_at <= excluded.last_seen_at`.execute(trx);
}
