import { IncidentError } from '../incidents/errors.js';
import type { UseCaseContext } from './context.js';

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
