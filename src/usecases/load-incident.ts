import type { Db } from '../db/database.js';
import { getIncident, lockIncident } from '../db/incident-store.js';
import { IncidentError } from '../incidents/errors.js';
import type { Incident } from '../incidents/incident.js';

/** An incident that has its channel: the only kind people act on. */
export type ChannelledIncident = Incident & { channelId: string };

/** Refuses a number that is unknown or whose channel was never made. */
function actionable(number: number, incident: Incident | undefined): ChannelledIncident {
  if (!incident || incident.abandonedAt) throw new IncidentError('incident_not_found', { incident: number });
  if (!incident.channelId) throw new IncidentError('incident_being_declared', { incident: number });
  return incident as ChannelledIncident;
}

/** Loads an incident to act on. */
export async function loadIncident(db: Db, number: number): Promise<ChannelledIncident> {
  return actionable(number, await getIncident(db, number));
}

/**
 * Runs `work` on the incident with its row locked, in one transaction: changes to one incident are
 * decided and stored one at a time, each on the state as it is when stored. Nothing slow (no Slack
 * call) belongs inside; people are told after the transaction ends.
 */
export function withIncidentLocked<T>(db: Db, number: number, work: (trx: Db, incident: ChannelledIncident) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => work(trx, actionable(number, await lockIncident(trx, number))));
}
