import type { Db } from './database.js';
import type { IncidentRow } from './schema.js';

/** The incident whose channel this is, if any (unique index on channel_id). */
export async function findIncidentByChannel(db: Db, channelId: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
}
