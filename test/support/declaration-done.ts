import type { Db } from '../../src/db/database.js';
import { effectsOfIncident } from '../../src/db/effect-store.js';

/**
 * True once a declaration is finished as people see it: the room exists and every follow-up it owed
 * (invite, topic, card and pin, announcement) has run or been given up.
 */
export async function declarationDone(db: Db, row: { number: number; declare_step: string } | undefined): Promise<boolean> {
  if (row?.declare_step !== 'announced') return false;
  const effects = await effectsOfIncident(db, row.number);
  return effects.every((e) => !e.kind.startsWith('declaration.') || e.state !== 'pending');
}
