import { currentRoleHolders, recordRoleAssignment } from '../db/role-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import { decideRoleChange, type RoleChange } from '../incidents/roles.js';
import type { Role } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { enqueueRuleEffects } from './process-effects.js';
import { withIncidentLocked } from './load-incident.js';
import { INCIDENT_EFFECTS, oweIncidentEffects, runOwedEffects } from './incident-effects.js';

export interface AssignRoleInput {
  incidentNumber: number;
  role: Role;
  /** The new holder; undefined when nobody was named. */
  userId: string | undefined;
  assignedBy: string;
}

/** Roles go to people: nobody, a bot, an unknown or a deactivated account is refused, saying which. */
export async function checkRoleHolder(ctx: UseCaseContext, role: Role, userId: string | undefined): Promise<string> {
  if (!userId) throw new IncidentError('role_holder_missing', { role, cause: 'unnamed' });
  const person = await ctx.workspace.person(userId);
  if (person.kind === 'unknown') throw new IncidentError('role_holder_missing', { role, cause: 'unknown', userId });
  if (person.kind === 'bot' || userId === ctx.botUserId) throw new IncidentError('role_holder_is_bot', { role, userId });
  if (person.kind === 'deactivated') throw new IncidentError('role_holder_missing', { role, cause: 'deactivated', userId });
  return userId;
}

/**
 * Gives a role to a person. The change is decided and stored with the incident locked, so of two
 * people taking a role at once one takes it first and the other takes over from them (a handoff on
 * the timeline, in the order stored). The invite of the new holder, the channel's notice and the
 * note on what the role does are effects stored with it.
 */
export async function assignRole(ctx: UseCaseContext, input: AssignRoleInput): Promise<RoleChange> {
  const userId = await checkRoleHolder(ctx, input.role, input.userId);
  const saved = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    // The time it is stored: of two changes at once, the later stored is the later on the timeline.
    const now = ctx.now();
    assertChangeable(incident, 'roles');
    const change = decideRoleChange(incident, await currentRoleHolders(trx, incident.number), input.role, userId, ctx.policy);
    if (change.kind === 'unchanged') return { change, noticeId: undefined };
    await recordRoleAssignment(trx, incident.number, {
      role: change.role,
      userId,
      previousUserId: change.previousUserId,
      assignedBy: input.assignedBy,
      assignedAt: now,
    });
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: change.kind === 'handoff' ? 'role_handoff' : 'role_assigned',
      authorId: input.assignedBy,
      text: `<@${userId}> is now ${ctx.policy.roleTitle(change.role)}${change.kind === 'handoff' ? `, taking over from <@${change.previousUserId}>` : ''}.`,
      occurredAt: now,
      data: { role: change.role, from: change.previousUserId, to: userId },
    });
    const noticeId = await oweIncidentEffects(
      trx,
      incident.number,
      { kind: INCIDENT_EFFECTS.roleChanged, role: change.role, userId, previousUserId: change.previousUserId, entryId },
      now,
    );
    await enqueueRuleEffects(trx, ctx, incident, ['role_assigned'], entryId);
    return { change, noticeId };
  });
  if (saved.change.kind !== 'unchanged') {
    await runOwedEffects(ctx, { incidentNumber: input.incidentNumber, noticeId: saved.noticeId, change: `${ctx.policy.roleTitle(saved.change.role)} change` });
  }
  return saved.change;
}
