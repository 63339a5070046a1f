import { type AlertMessageTarget, getAlertMessageTarget } from '../db/alert-store.js';
import type { Db } from '../db/database.js';
import { lockIncident } from '../db/incident-store.js';
import { IncidentError } from '../incidents/errors.js';

/**
 * An alert group's incident still in triage; refused, saying who decided it, once someone has
 * accepted, declined or merged it. Buttons that open a form check it first, so no form is wasted.
 */
export function stillInTriage(target: AlertMessageTarget | undefined, incidentNumber: number): AlertMessageTarget {
  if (!target || target.source === null) throw new IncidentError('incident_not_found', { incident: incidentNumber });
  if (target.state !== 'triage') {
    const by = target.state === 'declined' ? target.declinedBy : target.declarerId;
    throw new IncidentError('triage_decided', { incident: incidentNumber, state: target.state, by, mergedInto: target.mergedInto });
  }
  return target;
}

/**
 * Locks an alert group's incident still in triage, for the one decision made on it (accept, decline,
 * merge). Like withIncidentLocked, but for an incident that has no channel yet: of two clicks at once
 * the second waits for the lock, then finds it decided and is refused.
 */
export async function lockTriageIncident(trx: Db, incidentNumber: number): Promise<AlertMessageTarget> {
  const locked = await lockIncident(trx, incidentNumber);
  return stillInTriage(locked && (await getAlertMessageTarget(trx, incidentNumber)), incidentNumber);
}
