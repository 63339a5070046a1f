import { listOpenIncidents } from '../db/incident-store.js';
import type { UseCaseContext } from './context.js';
import { type ListedIncident, visibleIncidents } from './incident-visibility.js';

/** Open incidents, most severe first, as `userId` may see them (private ones only to their members). */
export async function listIncidents(ctx: UseCaseContext, userId: string): Promise<ListedIncident[]> {
  return visibleIncidents(ctx, userId, await listOpenIncidents(ctx.db, ctx.policy));
}
