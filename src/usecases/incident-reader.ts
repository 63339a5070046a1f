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

/**
 * The private incidents this reader may see: its declarer, anyone who held one of its roles, and its
 * room's members. Asked once per page, so every page and every count leaves the rest out alike.
 */
export async function privateIncidentsShown(ctx: ReadContext, reader: Reader): Promise<number[] | 'all'> {
  if (reader.kind === 'api') return reader.includePrivate ? 'all' : [];
  const shown: number[] = [];
  for (const access of await privateIncidentAccess(ctx.db)) {
    if (access.declarerId === reader.userId || access.roleHolderIds.includes(reader.userId)) shown.push(access.number);
    else if (access.channelId && (await ctx.membership.members(access.channelId)).has(reader.userId)) shown.push(access.number);
  }
  return shown;
}

export async function maySee(ctx: ReadContext, reader: Reader, incident: Pick<Incident, 'number' | 'private'>): Promise<boolean> {
  if (!incident.private) return true;
  const shown = await privateIncidentsShown(ctx, reader);
  return shown === 'all' || shown.includes(incident.number);
}
