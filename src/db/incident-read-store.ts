import { sql } from 'kysely';
import type { Incident } from '../incidents/incident.js';
import type { IncidentState, Severity } from '../incidents/types.js';
import type { Db } from './database.js';
import { toIncident } from './incident-store.js';

export interface IncidentListFilter {
  states?: readonly IncidentState[];
  severity?: Severity;
  type?: string;
  /** Words that must all begin a word of the title or description (any case). */
  words?: readonly string[];
  /** Declared at or after. */
  since?: Date;
  /** Private incidents shown: these numbers, or every one. */
  privateShown: readonly number[] | 'all';
}

export interface ListedIncident {
  incident: Incident;
  type: string | null;
}

// The words of an incident, as indexed by incidents_words_idx (migration 2026-11-29T0010): the same
// expression, or the index is not used and the filter scans every incident.
const INCIDENT_WORDS = sql`to_tsvector('simple'::regconfig, title || ' ' || description)`;

/**
 * What people typed as a tsquery: every word, as a prefix of some word of the incident. tsquery's own
 * operators are taken out of what they typed; a word with no letter or digit is no filter.
 */
export function wordsQuery(words: readonly string[]): string | undefined {
  const terms = words
    .map((word) => word.replace(/[&|!():*<>'\\\s]+/g, ' ').trim())
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `'${word}':*`);
  return terms.length > 0 ? terms.join(' & ') : undefined;
}

function filtered(db: Db, filter: IncidentListFilter) {
  let query = db.selectFrom('incidents').where('declare_abandoned_at', 'is', null);
  if (filter.states && filter.states.length > 0) query = query.where('state', 'in', [...filter.states]);
  if (filter.severity) query = query.where('severity', '=', filter.severity);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.since) query = query.where('declared_at', '>=', filter.since);
  const words = wordsQuery(filter.words ?? []);
  if (words) {
    // Matched apart (offset 0 keeps the planner from folding it in), through the index: folded in,
    // the planner walks the newest first and computes every incident's words until a page is full.
    const matching = db.selectFrom('incidents').select('number').where(sql<boolean>`${INCIDENT_WORDS} @@ to_tsquery('simple'::regconfig, ${words})`).offset(0);
    query = query.where('number', 'in', matching);
  }
  const shown = filter.privateShown;
  if (shown !== 'all') {
    query = query.where((eb) => (shown.length === 0 ? eb('private', '=', false) : eb.or([eb('private', '=', false), eb('number', 'in', [...shown])])));
  }
  return query;
}

/** One page of incidents, newest first, and how many match in all. */
export async function listIncidentPage(db: Db, filter: IncidentListFilter, page: { limit: number; offset: number }): Promise<{ items: ListedIncident[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('number', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((row) => ({ incident: toIncident(row), type: row.type })), total: Number(count.n) };
}

export async function getListedIncident(db: Db, number: number): Promise<ListedIncident | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst();
  return row && { incident: toIncident(row), type: row.type };
}

/** Who may see each private incident without asking Slack: its declarer and everyone who held a role. */
export interface PrivateIncidentAccess {
  number: number;
  declarerId: string;
  channelId: string | null;
  roleHolderIds: string[];
}

export async function privateIncidentAccess(db: Db): Promise<PrivateIncidentAccess[]> {
  const rows = await db
    .selectFrom('incidents as i')
    .leftJoin('role_assignments as r', 'r.incident_number', 'i.number')
    .select(['i.number', 'i.declarer_id', 'i.channel_id', 'r.user_id'])
    .where('i.private', '=', true)
    .orderBy('i.number')
    .execute();
  const byNumber = new Map<number, PrivateIncidentAccess>();
  for (const row of rows) {
    let access = byNumber.get(row.number);
    if (!access) byNumber.set(row.number, (access = { number: row.number, declarerId: row.declarer_id, channelId: row.channel_id, roleHolderIds: [] }));
    if (row.user_id) access.roleHolderIds.push(row.user_id);
  }
  return [...byNumber.values()];
}

/** What the insight charts are drawn from, per incident declared since `since`. */
export interface InsightRow {
  number: number;
  private: boolean;
  severity: Severity;
  type: string | null;
  declaredAt: Date;
  firstUpdateAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

export async function insightRows(db: Db, filter: { since: Date; severity?: Severity; type?: string }): Promise<InsightRow[]> {
  let query = db
    .selectFrom('incidents as i')
    .select([
      'i.number',
      'i.private',
      'i.severity',
      'i.type',
      'i.declared_at',
      'i.mitigated_at',
      'i.monitoring_at',
      'i.resolved_at',
      sql<Date | null>`(select min(su.posted_at) from status_updates su where su.incident_number = i.number)`.as('first_update_at'),
    ])
    .where('i.declare_abandoned_at', 'is', null)
    .where('i.declared_at', '>=', filter.since);
  if (filter.severity) query = query.where('i.severity', '=', filter.severity);
  if (filter.type) query = query.where('i.type', '=', filter.type);
  const rows = await query.orderBy('i.declared_at').execute();
  return rows.map((r) => ({
    number: r.number,
    private: r.private,
    severity: r.severity,
    type: r.type,
    declaredAt: r.declared_at,
    firstUpdateAt: r.first_update_at ? new Date(r.first_update_at) : null,
    // Without a mitigated milestone, moving to monitoring is when the impact was under control.
    mitigatedAt: r.mitigated_at ?? r.monitoring_at,
    resolvedAt: r.resolved_at,
  }));
}

/** Incident types in use, for the filters. */
export async function incidentTypesInUse(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('incidents').select('type').distinct().where('type', 'is not', null).orderBy('type').execute();
  return rows.map((r) => r.type!);
}
