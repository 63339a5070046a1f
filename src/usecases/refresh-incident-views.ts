import { checklistOf } from '../db/checklist-store.js';
import { checklistProgress } from '../incidents/checklist.js';
import { getIncident } from '../db/incident-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import type { Db } from '../db/database.js';
import { IncidentError } from '../incidents/errors.js';
import type { Incident } from '../incidents/incident.js';
import type { UseCaseContext } from './context.js';

/**
 * Re-renders everything people see of an incident from the database: the pinned card, the room's
 * topic and the announcement. Every change calls this once, after it is stored. A failure here
 * loses nothing (the database holds the truth), so the notifier logs it rather than throwing.
 */
export async function refreshIncidentViews(ctx: UseCaseContext, incidentNumber: number): Promise<void> {
  const incident = await getIncident(ctx.db, incidentNumber);
  if (!incident?.channelId) return;
  await ctx.notifier.viewsRefreshed(await withChecklistProgress(ctx.db, incident), await currentRoleHolders(ctx.db, incidentNumber));
}

/** The incident as its card shows it: with `Checklist 2/5` when it has a checklist. */
export async function withChecklistProgress<I extends Incident>(db: Db, incident: I): Promise<I> {
  const checklist = checklistProgress(await checklistOf(db, incident.number));
  return checklist.total > 0 ? { ...incident, checklist } : incident;
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
