import { checklistOf } from '../db/checklist-store.js';
import { checklistProgress } from '../incidents/checklist.js';
import type { Db } from '../db/database.js';
import { pagesOfIncident } from '../db/page-store.js';
import { sourceAlertsOf } from '../db/source-alert-store.js';
import { digestSourceAlerts } from '../incidents/source-alerts.js';
import { IncidentError } from '../incidents/errors.js';
import type { Incident } from '../incidents/incident.js';
import type { UseCaseContext } from './context.js';

/** The incident as its card shows it: with `Checklist 2/5` when it has a checklist. */
export async function withChecklistProgress<I extends Incident>(db: Db, incident: I): Promise<I> {
  const checklist = checklistProgress(await checklistOf(db, incident.number));
  return checklist.total > 0 ? { ...incident, checklist } : incident;
}

/** The incident as its card shows it: with the pages sent for it, when there are any. */
export async function withPages<I extends Incident>(db: Db, incident: I): Promise<I> {
  const pages = await pagesOfIncident(db, incident.number);
  if (pages.length === 0) return incident;
  return { ...incident, pages: pages.map((p) => ({ target: p.target, provider: p.provider, status: p.status, triggeredBy: p.triggered_by, acknowledgedBy: p.acknowledged_by })) };
}

/** The incident as its card shows it: with its source alerts' counts and first names, when it has alerts. */
export async function withSourceAlerts<I extends Incident>(db: Db, incident: I): Promise<I> {
  const sourceAlerts = digestSourceAlerts(await sourceAlertsOf(db, incident.number));
  return sourceAlerts ? { ...incident, sourceAlerts } : incident;
}

/**
 * Tells people of a change already stored. A failure does not undo the change: it is logged and
 * reported as "stored, but not posted", once the views are refreshed.
 */
export async function tellAfterStoring<T>(
  ctx: UseCaseContext,
  incidentNumber: number,
  change: string,
  tell: () => Promise<T>,
): Promise<{ told: T | undefined; notTold: IncidentError<'stored_not_posted'> | undefined }> {
  try {
    return { told: await tell(), notTold: undefined };
  } catch (error) {
    ctx.logger.warn({ err: error, incident: incidentNumber, change }, 'change stored, but people could not be told');
    return { told: undefined, notTold: new IncidentError('stored_not_posted', { incident: incidentNumber, change, cause: error }) };
  }
}
