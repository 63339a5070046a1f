import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident } from '../db/incident-store.js';
import { EffectFailure } from '../effects/effect-dispatcher.js';
import type { ChannelledIncident } from './load-incident.js';

/** The effect's incident as stored now; an incident without a channel owes it nothing (given up at once). */
export async function channelledIncidentOf(db: Db, effect: Effect): Promise<ChannelledIncident> {
  const incident = effect.incidentNumber === null ? undefined : await getIncident(db, effect.incidentNumber);
  if (!incident?.channelId) throw new EffectFailure(`incident ${effect.incidentNumber} has no channel`, false);
  return incident as ChannelledIncident;
}

/**
 * An effect stored with a declaration, before its channel is made, waits for it: retried sooner than
 * the usual backoff (0.5 s doubling, at most a minute).
 */
export function channelNotYetMade(incidentKey: string, effect: Pick<Effect, 'attempts'>): EffectFailure {
  return new EffectFailure(`${incidentKey} has no channel yet`, true, Math.min(500 * 2 ** effect.attempts, 60_000));
}
