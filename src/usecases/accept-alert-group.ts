import { acceptTriageRow, listAlerts } from '../db/alert-store.js';
import type { Db } from '../db/database.js';
import { claimDeclaration } from '../db/declaration-store.js';
import { enqueueEffects } from '../db/effect-store.js';
import { lockIncident } from '../db/incident-store.js';
import { recordRoleAssignment } from '../db/role-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { routeByLabels, storedGroupLabels } from '../integrations/alerts/routing.js';
import { firstUpdateDue } from '../incidents/declaration.js';
import { ALERT_EFFECTS, oweAlertEffects } from './alert-effects.js';
import { continueDeclaration, DECLARE_CLAIM_MS, type DeclarationOutcome } from './continue-declaration.js';
import type { UseCaseContext } from './context.js';
import { declaredEntryText } from './declare-incident.js';
import { lockTriageIncident } from './lock-triage-incident.js';
import { enqueueDeclaredEffects, PROCESS_EFFECTS, PROCESS_LANE } from './process-effects.js';

export interface AcceptAlertGroupInput {
  incidentNumber: number;
  /** The person accepting: declarer and commander. For a route's `declare: true`, Sitrep itself. */
  acceptedBy: string;
  /** Declared at once by a route, not by a person: nobody is made commander. */
  atOnce?: boolean;
}

/**
 * Declares an alert group's triage incident as usual: out of triage with the acceptor as commander,
 * on the timeline, the type's and rules' effects and the route's invitations owed, then the same
 * declare steps as `/incident declare` (channel, invitations, topic, card, announcement). The
 * alerts card and the triage message's new line are owed as effects.
 */
export async function acceptAlertGroup(ctx: UseCaseContext, input: AcceptAlertGroupInput): Promise<DeclarationOutcome> {
  const now = ctx.now();
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const triage = await lockTriageIncident(trx, input.incidentNumber);
    const number = triage.number;
    await acceptTriageRow(trx, number, { by: input.acceptedBy, now, nextUpdateDueAt: firstUpdateDue(now, triage.severity, ctx.policy) });
    if (!input.atOnce) {
      await recordRoleAssignment(trx, number, { role: ctx.policy.commanderRole.id, userId: input.acceptedBy, previousUserId: null, assignedBy: input.acceptedBy, assignedAt: now });
    }
    const incident = (await lockIncident(trx, number))!;
    const entryId = await appendSystemEntry(trx, number, {
      kind: 'declared',
      authorId: input.atOnce ? null : input.acceptedBy,
      text: declaredEntryText(ctx, incident.severity, incident.title),
      occurredAt: now,
      data: {
        severity: incident.severity,
        private: false,
        ...(input.atOnce ? { declaredAtOnce: true } : { commanderId: input.acceptedBy }),
        fromAlerts: triage.source,
        ...(incident.type ? { type: incident.type } : {}),
      },
    });
    await enqueueDeclaredEffects(trx, ctx, incident, entryId);
    await oweRouteInvitations(trx, ctx, number, now);
    await oweAlertEffects(
      trx,
      number,
      [
        { kind: ALERT_EFFECTS.message, dedupKey: `alerts-card-${number}` },
        ...(triage.triageTs ? [{ kind: ALERT_EFFECTS.triageOutcome, dedupKey: `alerts-triage-outcome-${number}` }] : []),
        ...(input.atOnce ? [{ kind: ALERT_EFFECTS.declaredAtOnce, dedupKey: `alerts-declared-at-once-${number}` }] : []),
      ],
      now,
    );
    // Claimed before the change is visible, so the sweep never runs the steps this call runs.
    return claimDeclaration(trx, number, now, new Date(now.getTime() + DECLARE_CLAIM_MS));
  });
  ctx.effects.poke();
  if (!claimed) throw new Error(`INC-${input.incidentNumber} was accepted but its declaration could not be claimed`);
  ctx.metrics?.incidentDeclared(claimed.severity);
  return continueDeclaration(ctx, claimed);
}

/** The route's invitations (user groups expanded when they run), worked out again from the stored alerts' labels. */
async function oweRouteInvitations(trx: Db, ctx: UseCaseContext, incidentNumber: number, now: Date): Promise<void> {
  const route = routeByLabels(ctx.process.alerts, storedGroupLabels(await listAlerts(trx, incidentNumber)), ctx.policy);
  if (route.invite.length === 0) return;
  await enqueueEffects(
    trx,
    [{ kind: PROCESS_EFFECTS.invite, incidentNumber, lane: PROCESS_LANE, dedupKey: `alerts-route-invite-${incidentNumber}`, payload: { invitees: route.invite } }],
    now,
  );
}
