import type { Db } from './database.js';
import type { RetrospectiveRow } from './schema.js';

/** One stored version of an incident's retrospective draft. */
export interface StoredRetrospective {
  incidentNumber: number;
  version: number;
  markdown: string;
  createdBy: string | null;
  createdAt: Date;
  fileId: string | null;
}

export interface RetrospectiveDraft {
  /** Writes the Markdown for the version it will be stored as (the document names its version). */
  write(version: number): string;
  createdBy: string | null;
  createdAt: Date;
  fileId?: string | null;
}

// Each lost race means another close stored a version meanwhile; this many in a row is a bug.
const MAX_ATTEMPTS = 10;

/**
 * Stores the draft as the incident's next version (1, 2, …). Two closes at once both read the
 * same latest version; the unique (incident_number, version) constraint lets one insert win and
 * the other insert nothing, and the loser writes again as the version after. No error is raised,
 * so this also works inside a caller's transaction.
 */
export async function saveRetrospective(db: Db, incidentNumber: number, draft: RetrospectiveDraft): Promise<StoredRetrospective> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { latest } = await db
      .selectFrom('retrospectives')
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('incident_number', '=', incidentNumber)
      .executeTakeFirstOrThrow();
    const version = (latest ?? 0) + 1;
    const row = await db
      .insertInto('retrospectives')
      .values({
        incident_number: incidentNumber,
        version,
        markdown: draft.write(version),
        created_by: draft.createdBy,
        created_at: draft.createdAt,
        file_id: draft.fileId ?? null,
      })
      .onConflict((oc) => oc.constraint('retrospectives_version_unique').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return toRetrospective(row);
  }
  throw new Error(`Could not store a retrospective of incident ${incidentNumber}: every version was taken meanwhile`);
}

export async function latestRetrospective(db: Db, incidentNumber: number): Promise<StoredRetrospective | undefined> {
  const row = await db
    .selectFrom('retrospectives')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRetrospective(row) : undefined;
}

export async function getRetrospective(db: Db, incidentNumber: number, version: number): Promise<StoredRetrospective | undefined> {
  const row = await db
    .selectFrom('retrospectives')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toRetrospective(row) : undefined;
}

function toRetrospective(row: RetrospectiveRow): StoredRetrospective {
  return {
    incidentNumber: row.incident_number,
    version: row.version,
    markdown: row.markdown,
    createdBy: row.created_by,
    createdAt: row.created_at,
    fileId: row.file_id,
  };
}

/** Remembers the Slack file a stored version was posted as. */
export async function setRetrospectiveFileId(db: Db, incidentNumber: number, version: number, fileId: string): Promise<void> {
  await db
    .updateTable('retrospectives')
    .set({ file_id: fileId })
    .where('incident_number', '=', incidentNumber)
    .where('version', '=', version)
    .execute();
}
