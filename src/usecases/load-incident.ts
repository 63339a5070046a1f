import { getIncident } from '../db/incident-store.js';
import type { Db } from '../db/database.js';
import { IncidentError } from '../incidents/errors.js';
import { type Incident, keyOf } from '../incidents/incident.js';

/** An incident that has its channel: the only kind people act on from Slack. */
export type ChannelledIncident = Incident & { channelId: string };

/** Loads an incident to act on, refusing a number that is unknown or whose channel was never made. */
export async function loadIncident(db: Db, number: number): Promise<ChannelledIncident> {
  const incident = await getIncident(db, number);
  if (!incident || incident.abandonedAt) {
    throw new IncidentError('incident_not_found', `:information_source: There is no incident ${keyOf({ number })}.`);
  }
  if (!incident.channelId) {
    throw new IncidentError('incident_not_found', `:information_source: ${keyOf(incident)} is still being declared; try again in a moment.`);
  }
  return incident as ChannelledIncident;
}
