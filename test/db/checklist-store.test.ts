import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChecklistItems, checklistOf, setChecklistItemDone } from '../../src/db/checklist-store.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { emptyIncidents, incidentRow, migratedDatabase } from './migrated-database.js';

const now = new Date('2026-11-29T10:00:00Z');

describe.each(DATABASE_KINDS)('the checklist store on %s', (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;

  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  beforeEach(async () => {
    await emptyIncidents(database.db);
    await database.db.insertInto('incidents').values(incidentRow({ type: 'security' })).execute();
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps items in the order added, once each, and records who ticked them and when', async () => {
    const { db } = database;
    await addChecklistItems(db, 1, ['Rotate exposed credentials', 'Tell legal'], 'type:security', now);
    const again = await addChecklistItems(db, 1, ['Tell legal', 'Open a status page incident'], 'rule:critical-heads-up', now);
    expect(again.map((i) => i.text)).toEqual(['Open a status page incident']);

    const [first] = await checklistOf(db, 1);
    expect(await setChecklistItemDone(db, 1, first!.id, { by: 'UALICE', at: now })).toBe(true);
    // A second click on an item already ticked changes nothing.
    expect(await setChecklistItemDone(db, 1, first!.id, { by: 'UBOB', at: now })).toBe(false);
    expect(await checklistOf(db, 1)).toEqual([
      { id: first!.id, text: 'Rotate exposed credentials', source: 'type:security', doneBy: 'UALICE', doneAt: now },
      expect.objectContaining({ text: 'Tell legal', doneBy: null, doneAt: null }),
      expect.objectContaining({ text: 'Open a status page incident', source: 'rule:critical-heads-up' }),
    ]);
    expect(await setChecklistItemDone(db, 1, first!.id, null)).toBe(true);
    expect((await checklistOf(db, 1))[0]).toMatchObject({ doneBy: null, doneAt: null });
  });

  it('stores a timeline entry of a kind the first schema did not know', async () => {
    const { db } = database;
    await db.insertInto('timeline_entries').values({ incident_number: 1, kind: 'checklist_ticked' as never, text: 'Tell legal', files: '[]', data: '{}' }).execute();
    expect(await db.selectFrom('timeline_entries').select('kind').execute()).toEqual([{ kind: 'checklist_ticked' }]);
  });
});
