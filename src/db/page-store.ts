import { sql } from 'kysely';
import type { Db } from './database.js';
import type { PageRow, PageStatus } from './pages-table.js';

export type { PageRow, PageStatus };

const OPEN: PageStatus[] = ['triggering', 'triggered', 'acknowledged'];

export interface PageToRecord {
  incidentNumber: number;
  target: string;
  provider: 'pagerduty' | 'opsgenie';
  dedupKey: string;
  message: string | null;
  urgency: 'high' | 'low';
  by: string;
  now: Date;
}

/**
 * Records a page of a target: the first time a new row, after that the same row with the new message
 * (paging a target again updates its page). Returns it, and whether it was already there.
 */
export async function recordPage(trx: Db, page: PageToRecord): Promise<{ page: PageRow; again: boolean }> {
  const row = await trx
    .insertInto('pages')
    .values({
      incident_number: page.incidentNumber,
      target: page.target,
      provider: page.provider,
      dedup_key: page.dedupKey,
      message: page.message,
      urgency: page.urgency,
      triggered_by: page.by,
      triggered_at: page.now,
      updated_at: page.now,
    })
    .onConflict((oc) =>
      oc.columns(['incident_number', 'target']).doUpdateSet({
        message: page.message,
        urgency: page.urgency,
        updated_at: page.now,
        // A page resolved with the incident is triggered again when someone pages after a reopen.
        status: sql`case when pages.status in ('resolved', 'resolving', 'failed') then 'triggering' else pages.status end`,
        resolved_at: sql`case when pages.status in ('resolved', 'resolving', 'failed') then null else pages.resolved_at end`,
      }),
    )
    .returningAll()
    .returning(sql<boolean>`xmax <> 0`.as('again'))
    .executeTakeFirstOrThrow();
  const { again, ...stored } = row as PageRow & { again: boolean };
  return { page: stored, again };
}

export async function getPage(db: Db, id: number): Promise<PageRow | undefined> {
  return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function pagesOfIncident(db: Db, incidentNumber: number): Promise<PageRow[]> {
  return db.selectFrom('pages').selectAll().where('incident_number', '=', incidentNumber).orderBy('id').execute();
}

/** The pages still open at the provider, marked resolving (their resolve is an effect stored beside). */
export async function startResolvingPages(trx: Db, incidentNumber: number, now: Date): Promise<PageRow[]> {
  return trx
    .updateTable('pages')
    .set({ status: 'resolving', updated_at: now })
    .where('incident_number', '=', incidentNumber)
    .where('status', 'in', OPEN)
    .returningAll()
    .execute();
}

export async function markPageTriggered(db: Db, id: number, ref: { id: string | null; url: string | null }, now: Date): Promise<void> {
  await db
    .updateTable('pages')
    .set((eb) => ({
      // An acknowledgement that came in meanwhile stays.
      status: sql`case when ${eb.ref('status')} = 'triggering' then 'triggered' else ${eb.ref('status')} end`,
      provider_id: ref.id ?? eb.ref('provider_id'),
      provider_url: ref.url ?? eb.ref('provider_url'),
      last_error: null,
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();
}

export async function markPageResolved(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('pages').set({ status: 'resolved', resolved_at: now, updated_at: now }).where('id', '=', id).execute();
}

export async function markPageFailed(db: Db, id: number, error: string, now: Date): Promise<void> {
  await db.updateTable('pages').set({ status: 'failed', last_error: error, updated_at: now }).where('id', '=', id).execute();
}

/** The page a PagerDuty incident is about: by its REST id, or by the dedup key it carries. */
export async function findPageForProvider(db: Db, keys: { providerId: string | undefined; dedupKey: string | undefined }): Promise<PageRow | undefined> {
  let query = db.selectFrom('pages').selectAll().where('provider', '=', 'pagerduty');
  query = query.where((eb) =>
    eb.or([...(keys.providerId ? [eb('provider_id', '=', keys.providerId)] : []), ...(keys.dedupKey ? [eb('dedup_key', '=', keys.dedupKey)] : []), eb.val(false)]),
  );
  return query.orderBy('id', 'desc').executeTakeFirst();
}

/**
 * Records an acknowledgement on the page, and on the incident its first (the `acknowledged` milestone).
 * Returns false when this page was already acknowledged (a webhook delivered twice).
 */
export async function acknowledgePage(trx: Db, page: PageRow, by: string, at: Date): Promise<boolean> {
  const updated = await trx
    .updateTable('pages')
    .set({ status: sql`case when status in ('triggering', 'triggered') then 'acknowledged' else status end`, acknowledged_at: at, acknowledged_by: by, updated_at: at })
    .where('id', '=', page.id)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await trx.updateTable('incidents').set({ acknowledged_at: at }).where('number', '=', page.incident_number).where('acknowledged_at', 'is', null).execute();
  return true;
}
