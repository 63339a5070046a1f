import type { Db } from '../db/database.js';
import { privateIncidentAccess } from '../db/incident-read-store.js';
import type { Incident } from '../incidents/incident.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { InsightRowsCache } from './insight-rows-cache.js';
import type { MembershipCache } from './membership-cache.js';
import type { PeopleNames } from './people-names.js';

/** Who is reading: a signed-in person, or an API client (which sees private incidents only when allowed). */
export type Reader = { kind: 'person'; userId: string } | { kind: 'api'; includePrivate: boolean };

/** What the read models need: the store, the process (for labels and order), room membership, people's names. */
export interface ReadContext {
  db: Db;
  policy: IncidentPolicy;
  membership: MembershipCache;
  names: PeopleNames;
  /** Insight rows shared by readers for a short while (none: read every time). */
  insightRows?: InsightRowsCache;
  now: () => Date;
}

/** The private incidents a reader may see, and whether the workspace said which rooms they are in. */
export interface PrivateShown {
  numbers: number[] | 'all';
  /**
   * False when the workspace could not say: the private incidents they see only as a room member are
   * left out of this page (and its counts) and the page says so; the next page asks again.
   */
  roomsKnown: boolean;
}

/**
 * The private incidents this reader may see: its declarer, anyone who held one of its roles, and its
 * room's members. Asked once per page, so every page and every count leaves the rest out alike. A
 * person's rooms are asked whether or not any private incident needs them, so whether a page says
 * "could not ask" tells nothing about private incidents.
 */
export async function privateIncidentsShown(ctx: ReadContext, reader: Reader): Promise<PrivateShown> {
  if (reader.kind === 'api') return { numbers: reader.includePrivate ? 'all' : [], roomsKnown: true };
  const [accesses, rooms] = await Promise.all([privateIncidentAccess(ctx.db), ctx.membership.privateRoomsOf(reader.userId)]);
  const numbers = accesses
    .filter((a) => a.declarerId === reader.userId || a.roleHolderIds.includes(reader.userId) || (a.channelId !== null && rooms?.has(a.channelId)))
    .map((a) => a.number);
  return { numbers, roomsKnown: rooms !== undefined };
}

export async function maySee(ctx: ReadContext, reader: Reader, incident: Pick<Incident, 'number' | 'private'>): Promise<boolean> {
  if (!incident.private) return true;
  const { numbers } = await privateIncidentsShown(ctx, reader);
  return numbers === 'all' || numbers.includes(incident.number);
}

/** Whether the workspace said which rooms this reader is in (asked at most once a while: cached). */
export async function roomsKnown(ctx: ReadContext, reader: Reader): Promise<boolean> {
  return reader.kind === 'api' || (await ctx.membership.privateRoomsOf(reader.userId)) !== undefined;
}
