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
 * its members: whoever declared it, holds a role in it, or is in its channel. Channel membership is
 * one question per person (their private rooms, kept a minute), however many private incidents there are.
 */
export async function visibleIncidents(ctx: UseCaseContext, userId: string, incidents: Incident[]): Promise<ListedIncident[]> {
  const holders = await currentRoleHoldersOf(ctx.db, incidents.map((i) => i.number));
  const listed = incidents.map((incident) => ({ incident, roles: holders.get(incident.number) ?? {} }));
  const roomsAsked = listed.some((item) => !seenWithoutRooms(userId, item) && item.incident.channelId);
  const rooms = roomsAsked ? await ctx.membership.privateRoomsOf(userId) : undefined;
  // Unknown membership (the workspace could not say) hides the incident: never shown by mistake.
  if (roomsAsked && !rooms) ctx.logger.warn({ user: userId }, 'could not read which private channels a person is in; their private incidents are left out');
  const inRoom = ({ incident }: ListedIncident) => incident.channelId !== null && rooms?.has(incident.channelId) === true;
  return listed.filter((item) => seenWithoutRooms(userId, item) || inRoom(item));
}

/** Public, or the person declared it or holds one of its roles. */
function seenWithoutRooms(userId: string, { incident, roles }: ListedIncident): boolean {
  return !incident.private || incident.declarerId === userId || Object.values(roles).includes(userId);
}
