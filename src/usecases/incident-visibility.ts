import { currentRoleHoldersOf } from '../db/role-store.js';
import type { Incident, RoleHolders } from '../incidents/incident.js';
import type { UseCaseContext } from './context.js';

/** An incident as lists show it: with who holds each role. */
export interface ListedIncident {
  incident: Incident;
  roles: RoleHolders;
}

/**
 * The incidents `userId` may see, with their role holders. A private incident is shown only to
 * its members: whoever declared it, holds a role in it, or is in its channel.
 */
export async function visibleIncidents(ctx: UseCaseContext, userId: string, incidents: Incident[]): Promise<ListedIncident[]> {
  const holders = await currentRoleHoldersOf(ctx.db, incidents.map((i) => i.number));
  const listed = incidents.map((incident) => ({ incident, roles: holders.get(incident.number) ?? {} }));
  const visible = await Promise.all(listed.map((item) => isMember(ctx, userId, item)));
  return listed.filter((_, i) => visible[i]);
}

async function isMember(ctx: UseCaseContext, userId: string, { incident, roles }: ListedIncident): Promise<boolean> {
  if (!incident.private) return true;
  if (incident.declarerId === userId || Object.values(roles).includes(userId)) return true;
  if (!incident.channelId) return false;
  try {
    return (await ctx.workspace.members(incident.channelId)).includes(userId);
  } catch (error) {
    // Unknown membership hides the incident: a private incident is never shown by mistake.
    ctx.logger.warn({ err: error, incident: incident.number }, 'could not read a private incident channel\'s members');
    return false;
  }
}
