import { type AlertMessageTarget, getAlertMessageTarget, listAlerts, setAlertsCard, setTriageMessage } from '../db/alert-store.js';
import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import { isIncidentError } from '../incidents/errors.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { incidentKey, isOpenState } from '../incidents/types.js';
import type { Logger } from '../logger.js';
import { acceptAlertGroup } from '../usecases/accept-alert-group.js';
import { ALERT_EFFECTS, oweAlertEffects } from '../usecases/alert-effects.js';
import type { UseCaseContext } from '../usecases/context.js';
import { channelNotYetMade } from '../usecases/effect-incident.js';
import { ALERT_SENTENCES } from './alert-sentences.js';
import { alertsCard, allAlertsResolvedMessage } from './blocks/alerts-card.js';
import { triageMessage } from './blocks/triage-message.js';
import { effectScopedSlack, showInPlace, slackCall } from './effect-scoped-slack.js';
import type { GaveUpReporter } from './effect-gave-up.js';
import type { SlackApi, SlackMessage } from './slack-api.js';

export interface AlertEffectDeps {
  db: Db;
  slack: SlackApi;
  policy: IncidentPolicy;
  logger: Logger;
}

/**
 * The Slack side of alerts in. The message effect renders what is stored when it runs, so one run
 * covers every notification of its window: in triage, the triage message (posted once in the triage
 * channel, then edited in place); once declared, the alerts card pinned in the incident channel.
 * Every post carries its effect's id, so a retry after a lost answer finds it instead of posting twice.
 */
export function alertEffectHandlers(deps: AlertEffectDeps): Record<string, EffectHandler> {
  const load = async (effect: Effect) => (effect.incidentNumber === null ? undefined : getAlertMessageTarget(deps.db, effect.incidentNumber));
  /** Posts in the incident channel once it exists (a declaration's effects are stored before it is made). */
  const postInChannel = async (effect: Effect, message: (target: AlertMessageTarget) => SlackMessage) => {
    const target = await load(effect);
    if (!target || target.abandoned) return;
    const channel = channelOf(target, effect);
    const posted = await slackCall(() => effectScopedSlack(deps.slack, effect, deps.logger).postMessage(channel, message(target)));
    return { ts: posted.ts };
  };

  const showTriageMessage = async (effect: Effect, target: AlertMessageTarget) => {
    if (!target.triageChannelId) {
      deps.logger.warn({ incident: target.number }, 'alert group has no triage channel (set alerts.triage_channel or INCIDENTS_CHANNEL)');
      return;
    }
    const message = triageMessage(deps.policy, target, await listAlerts(deps.db, target.number));
    return showInPlace(deps.slack, effect, deps.logger, { channel: target.triageChannelId, ts: target.triageTs }, message, (ts) => setTriageMessage(deps.db, target.number, ts));
  };

  const showAlertsCard = async (effect: Effect, target: AlertMessageTarget) => {
    if (target.abandoned) return;
    const channel = channelOf(target, effect);
    const message = alertsCard(target, await listAlerts(deps.db, target.number));
    return showInPlace(deps.slack, effect, deps.logger, { channel, ts: target.alertsCardTs }, message, async (ts) => {
      // Pinned before it is saved: a retry finds the post by its metadata and pins it again (harmless).
      await slackCall(() => deps.slack.pinMessage(channel, ts));
      await setAlertsCard(deps.db, target.number, ts);
    });
  };

  return {
    [ALERT_EFFECTS.message]: async (effect) => {
      const target = await load(effect);
      if (!target) return;
      return target.state === 'triage' || target.state === 'declined' ? showTriageMessage(effect, target) : showAlertsCard(effect, target);
    },
    [ALERT_EFFECTS.triageOutcome]: async (effect) => {
      const target = await load(effect);
      // Never posted (a route that declares at once): nothing to edit.
      if (!target?.triageTs) return;
      // Accepted: the message links the channel, so it waits for it (an abandoned one has none to link).
      if (isOpenState(target.state) && !target.abandoned) channelOf(target, effect);
      return showTriageMessage(effect, target);
    },
    [ALERT_EFFECTS.allResolved]: (effect) => postInChannel(effect, (target) => allAlertsResolvedMessage(target.number)),
    [ALERT_EFFECTS.merged]: (effect) => postInChannel(effect, () => ({ text: ALERT_SENTENCES.merged(Number(effect.payload.from), String(effect.payload.title), String(effect.payload.by)) })),
    [ALERT_EFFECTS.declaredAtOnce]: (effect) => postInChannel(effect, (target) => ({ text: ALERT_SENTENCES.declaredAtOnce(target.source ?? 'alerts') })),
  };
}

/** A route's `declare: true`: the group's incident declared by Sitrep itself, through Accept's path. */
export function alertDeclareEffectHandler(ctx: UseCaseContext): Record<string, EffectHandler> {
  return {
    [ALERT_EFFECTS.declare]: async (effect) => {
      if (effect.incidentNumber === null) return;
      try {
        const outcome = await acceptAlertGroup(ctx, { incidentNumber: effect.incidentNumber, acceptedBy: ctx.botUserId, atOnce: true });
        return { status: outcome.status };
      } catch (error) {
        // Already declared by an earlier try (or resolved before it ran): nothing left to do.
        if (isIncidentError(error, 'triage_decided')) return { status: 'decided' };
        throw error;
      }
    },
  };
}

/**
 * An alert effect given up is said where people look: the incident channel, else the triage channel.
 * A route's declaration given up leaves the group in triage, so its triage message is owed instead.
 */
export function reportAlertEffectGivenUp(deps: Omit<AlertEffectDeps, 'slack'> & { now: () => Date }): GaveUpReporter {
  const kinds: readonly string[] = Object.values(ALERT_EFFECTS);
  return async (effect, error, slack) => {
    if (!kinds.includes(effect.kind) || effect.incidentNumber === null) return;
    const target = await getAlertMessageTarget(deps.db, effect.incidentNumber);
    const channel = target?.channelId ?? target?.triageChannelId;
    if (!target || !channel) return;
    await slack.postMessage(channel, { text: ALERT_SENTENCES.gaveUp(target.number, ALERT_SENTENCES.effectPurpose[effect.kind] ?? effect.kind, error) });
    if (effect.kind === ALERT_EFFECTS.declare && target.state === 'triage') {
      await deps.db.transaction().execute((trx) => oweAlertEffects(trx, target.number, [{ kind: ALERT_EFFECTS.message, dedupKey: `alerts-message-${target.number}-first` }], deps.now()));
    }
  };
}

function channelOf(target: AlertMessageTarget, effect: Effect): string {
  if (!target.channelId) throw channelNotYetMade(incidentKey(target.number), effect);
  return target.channelId;
}

