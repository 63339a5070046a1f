import { currentRoleHolders, recordRoleAssignment } from '../db/role-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import { decideRoleChange, type RoleChange, roleNote } from '../incidents/roles.js';
import type { Role } from '../incidents/types.js';
import { roleChangeNotice } from '../slack/blocks/incident-notices.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';
import { refreshIncidentViews } from './refresh-incident-views.js';
import { SlackCallError } from './slack-gateway.js';

export interface AssignRoleInput {
  incidentNumber: number;
  role: Role;
  /** The new holder; undefined when nobody was named. */
  userId: string | undefined;
  assignedBy: string;
}

/** Roles go to people: nobody, a bot or a deactivated account is refused with a sentence saying so. */
export async function checkRoleHolder(ctx: UseCaseContext, role: Role, userId: string | undefined): Promise<string> {
  const title = ctx.policy.roleTitle(role);
  if (!userId) {
    throw new IncidentError('role_holder_missing', `:information_source: Name who takes the ${title} role, e.g. \`/incident role ${role} @alex\`.`);
  }
  const user = await ctx.slack.user(userId).catch((error: unknown) => {
    if (error instanceof SlackCallError && error.code === 'user_not_found') {
      throw new IncidentError('role_holder_missing', `:information_source: There is no such person in this workspace to take the ${title} role.`);
    }
    throw error;
  });
  if (user.isBot || userId === ctx.botUserId) {
    throw new IncidentError('role_holder_is_bot', `:robot_face: <@${userId}> is a bot; the ${title} has to be a person.`);
  }
  if (user.deleted) {
    throw new IncidentError('role_holder_missing', `:information_source: <@${userId}>'s account is deactivated; pick someone else as ${title}.`);
  }
  return userId;
}

/**
 * Gives a role to a person. A new holder is a handoff when someone held it: both go on the timeline,
 * the new holder is invited and told what the role does, the channel hears who took over.
 */
export async function assignRole(ctx: UseCaseContext, input: AssignRoleInput): Promise<RoleChange> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  assertChangeable(incident, 'roles');
  const userId = await checkRoleHolder(ctx, input.role, input.userId);
  const change = decideRoleChange(incident, await currentRoleHolders(ctx.db, incident.number), input.role, userId, ctx.policy);
  if (change.kind === 'unchanged') return change;

  const channel = incident.channelId;
  await ctx.slack.inviteToChannel(channel, [userId]);
  const notice = roleChangeNotice(change, ctx.policy);
  const posted = await ctx.slack.postMessage(channel, notice);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await recordRoleAssignment(trx, incident.number, {
      role: change.role,
      userId,
      previousUserId: change.previousUserId,
      assignedBy: input.assignedBy,
      assignedAt: now,
    });
    await appendSystemEntry(trx, incident.number, {
      kind: change.kind === 'handoff' ? 'role_handoff' : 'role_assigned',
      authorId: input.assignedBy,
      text: notice.text,
      occurredAt: now,
      data: { role: change.role, from: change.previousUserId, to: userId },
      channelId: channel,
      messageTs: posted.ts,
    });
  });
  // The note helps; the assignment stands without it.
  await ctx.slack
    .postEphemeral(channel, userId, { text: roleNote(incident, change.role, ctx.policy) })
    .catch((error: unknown) => ctx.logger.warn({ err: error, incident: incident.number }, 'could not send the role note'));
  await refreshIncidentViews(ctx, incident.number);
  return change;
}
