import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident, updateIncident } from '../db/incident-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import { EffectFailure } from '../effects/effect-dispatcher.js';
import { commanderOf } from '../incidents/incident.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { DECLARATION_EFFECTS, DECLARER_TOLD_EFFECT, type DeclarerToldPayload } from './declaration-effects.js';
import { SlackCallError } from './slack-gateway.js';
import type { IncidentNotifier, Workspace } from './ports.js';
import { channelledIncidentOf } from './effect-incident.js';
import { withSourceAlerts } from './refresh-incident-views.js';

export interface DeclarationEffectDeps {
  db: Db;
  notifierFor(effect: Effect): IncidentNotifier;
  workspace: Workspace;
  policy: IncidentPolicy;
}

/**
 * The declaration's follow-ups, each from the incident as stored when it runs (a change made
 * meanwhile is shown, not lost). Failures are thrown as they come; the caller maps them for the dispatcher.
 */
export function declarationEffectHandlers(deps: DeclarationEffectDeps): Record<string, EffectHandler> {
  const { db } = deps;
  return {
    async [DECLARER_TOLD_EFFECT](effect) {
      const incident = effect.incidentNumber === null ? undefined : await getIncident(db, effect.incidentNumber);
      if (!incident) throw new EffectFailure(`incident ${effect.incidentNumber} is gone`, false);
      const { declarerId, status, error } = effect.payload as unknown as DeclarerToldPayload;
      // "Still being set up" is late: the channel exists, and the message with its link is owed behind this one.
      if (status === 'pending' && incident.channelId) return;
      const outcome =
        status === 'declared' || !error ? { status: 'declared' as const, incident } : { status, incident, error: new SlackCallError(error.method, error.code, error.retryable) };
      await deps.notifierFor(effect).declarationFinished(declarerId, outcome);
    },
    async [DECLARATION_EFFECTS.invite](effect) {
      const incident = await channelledIncidentOf(db, effect);
      const roles = await currentRoleHolders(db, incident.number);
      await deps.workspace.invite(incident.channelId, [incident.declarerId, commanderOf(incident, roles, deps.policy)]);
    },
    async [DECLARATION_EFFECTS.topic](effect) {
      const incident = await channelledIncidentOf(db, effect);
      await deps.notifierFor(effect).topicSet(incident, await currentRoleHolders(db, incident.number));
    },
    async [DECLARATION_EFFECTS.card](effect) {
      const incident = await channelledIncidentOf(db, effect);
      const notifier = deps.notifierFor(effect);
      if (incident.cardTs) {
        await notifier.cardPinned({ ...incident, cardTs: incident.cardTs });
        return { ts: incident.cardTs };
      }
      // An accepted alert group's card shows its alerts from the start.
      const { ts } = await notifier.cardPosted(await withSourceAlerts(db, incident), await currentRoleHolders(db, incident.number));
      // Pinned while the card's ts is saved: a retry after either fails finds this card (by its
      // effect metadata, or the saved ts) and pins it, never posting a second one.
      const [saved, pinned] = await Promise.allSettled([updateIncident(db, incident.number, { cardTs: ts }), notifier.cardPinned({ ...incident, cardTs: ts })]);
      if (saved.status === 'rejected') throw saved.reason;
      if (pinned.status === 'rejected') throw pinned.reason;
      return { ts };
    },
    async [DECLARATION_EFFECTS.announce](effect) {
      const incident = await channelledIncidentOf(db, effect);
      if (incident.announcementTs) return { ts: incident.announcementTs };
      const posted = await deps.notifierFor(effect).declared(incident, await currentRoleHolders(db, incident.number));
      if (!posted) return;
      await updateIncident(db, incident.number, { announcementTs: posted.ts });
      return { ts: posted.ts };
    },
  };
}
