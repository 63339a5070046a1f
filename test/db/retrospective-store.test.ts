import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { getRetrospective, latestRetrospective, saveRetrospective, type StoredRetrospective } from '../../src/db/retrospective-store.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { emptyIncidents, incidentRow, migratedDatabase } from './migrated-database.js';

const closedAt = new Date('2026-11-21T16:00:00Z');

async function newIncident(db: Db): Promise<number> {
  const { number } = await db.insertInto('incidents').values(incidentRow()).returning('number').executeTakeFirstOrThrow();
  return number;
}

const draft = (label: string, written: number[] = []) => ({
  write: (version: number) => {
    written.push(version);
    return `# ${label}, version ${version}`;
  },
  createdBy: 'UALICE',
  createdAt: closedAt,
});

describe.each(DATABASE_KINDS)('retrospective store on %s', (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;

  beforeAll(async () => {
    // Several connections on the real server, so concurrent closes really race.
    database = await migratedDatabase(kind, 5);
  });
  beforeEach(async () => {
    await emptyIncidents(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('stores version 1, then 2 after a reopen and close, numbered per incident', async () => {
    const { db } = database;
    const first = await newIncident(db);
    const second = await newIncident(db);

    const v1 = await saveRetrospective(db, first, draft('first'));
    const v2 = await saveRetrospective(db, first, { ...draft('first again'), fileId: 'F123' });
    const other = await saveRetrospective(db, second, draft('second'));

    expect(v1).toEqual({ incidentNumber: first, version: 1, markdown: '# first, version 1', createdBy: 'UALICE', createdAt: closedAt, fileId: null });
    expect(v2).toMatchObject({ incidentNumber: first, version: 2, markdown: '# first again, version 2', fileId: 'F123' });
    expect(other).toMatchObject({ incidentNumber: second, version: 1, markdown: '# second, version 1' });
  });

  it('reads the latest version, or a given one', async () => {
    const { db } = database;
    const number = await newIncident(db);
    expect(await latestRetrospective(db, number)).toBeUndefined();

    await saveRetrospective(db, number, draft('a'));
    await saveRetrospective(db, number, draft('b'));
    await saveRetrospective(db, number, draft('c'));

    expect((await latestRetrospective(db, number))?.markdown).toBe('# c, version 3');
    expect((await getRetrospective(db, number, 1))?.markdown).toBe('# a, version 1');
    expect((await getRetrospective(db, number, 2))?.version).toBe(2);
    expect(await getRetrospective(db, number, 4)).toBeUndefined();
    expect(await latestRetrospective(db, number + 1)).toBeUndefined();
  });

  it('a version stored by another close between reading and inserting makes this one the next version, written again', async () => {
    const { db } = database;
    const number = await newIncident(db);
    await saveRetrospective(db, number, draft('first close'));
    const rivalRow = { incident_number: number, version: 2, markdown: '# rival', created_by: 'UBOB', file_id: null };
    const written: number[] = [];
    let saving: Promise<StoredRetrospective>;
    if (kind === 'postgres') {
      // Another replica holds version 2, not yet committed: our read still sees version 1 as the latest.
      const rival = await db.startTransaction().execute();
      await rival.insertInto('retrospectives').values(rivalRow).execute();
      saving = saveRetrospective(db, number, draft('this close', written));
      while (written.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await rival.commit().execute();
    } else {
      // One connection: the rival's insert, queued while this close writes, runs before this insert.
      saving = saveRetrospective(db, number, {
        ...draft('this close', written),
        write(version) {
          if (written.length === 0) void db.insertInto('retrospectives').values(rivalRow).execute();
          written.push(version);
          return `# this close, version ${version}`;
        },
      });
    }
    expect(await saving).toMatchObject({ version: 3, markdown: '# this close, version 3' });
    expect(written).toEqual([2, 3]);
    expect((await getRetrospective(db, number, 2))?.markdown).toBe('# rival');
  });

  it('concurrent closes of one incident get distinct, consecutive versions', async () => {
    const { db } = database;
    const number = await newIncident(db);
    const saved = await Promise.all(Array.from({ length: 5 }, (_, i) => saveRetrospective(db, number, draft(`close ${i}`))));
    expect(saved.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5]);
    for (const retrospective of saved) expect(retrospective.markdown).toMatch(new RegExp(`version ${retrospective.version}$`));
    const rows = await db.selectFrom('retrospectives').select('version').where('incident_number', '=', number).orderBy('version').execute();
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });
});
