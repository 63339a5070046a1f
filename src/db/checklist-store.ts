import type { ChecklistItem } from '../incidents/checklist.js';
import type { Db } from './database.js';

/** Adds items to an incident's checklist; an item already there (same text) is left as it is. */
export async function addChecklistItems(trx: Db, incidentNumber: number, texts: string[], source: string, now: Date): Promise<ChecklistItem[]> {
  if (texts.length === 0) return [];
  const rows = await trx
    .insertInto('checklist_items')
    .values(texts.map((text) => ({ incident_number: incidentNumber, text, source, created_at: now })))
    .onConflict((oc) => oc.constraint('checklist_items_once').doNothing())
    .returningAll()
    .execute();
  return rows.map(toItem);
}

export async function checklistOf(db: Db, incidentNumber: number): Promise<ChecklistItem[]> {
  const rows = await db.selectFrom('checklist_items').selectAll().where('incident_number', '=', incidentNumber).orderBy('id').execute();
  return rows.map(toItem);
}

/** Ticks or unticks one item; false when it was already so (a repeated click changes nothing). */
export async function setChecklistItemDone(trx: Db, incidentNumber: number, itemId: number, done: { by: string; at: Date } | null): Promise<boolean> {
  const result = await trx
    .updateTable('checklist_items')
    .set(done ? { done_by: done.by, done_at: done.at } : { done_by: null, done_at: null })
    .where('id', '=', itemId)
    .where('incident_number', '=', incidentNumber)
    .where('done_at', done ? 'is' : 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toItem(row: { id: number; text: string; source: string; done_by: string | null; done_at: Date | null }): ChecklistItem {
  return { id: row.id, text: row.text, source: row.source, doneBy: row.done_by, doneAt: row.done_at };
}

/** The checklist message's ts in the incident channel; null before it is first posted. */
export async function checklistMessageTs(db: Db, incidentNumber: number): Promise<string | null> {
  const row = await db.selectFrom('incidents').select('checklist_ts').where('number', '=', incidentNumber).executeTakeFirst();
  return row?.checklist_ts ?? null;
}

export async function setChecklistMessageTs(db: Db, incidentNumber: number, ts: string): Promise<void> {
  await db.updateTable('incidents').set({ checklist_ts: ts }).where('number', '=', incidentNumber).execute();
}
