import type { ColumnType, Generated } from 'kysely';

/** An incident's checklist (migration 2026-11-29T0004). */
export interface ChecklistItemsTable {
  id: Generated<number>;
  incident_number: number;
  text: string;
  source: string;
  done_by: string | null;
  done_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
