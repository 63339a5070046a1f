import { currentRoleHolders } from '../db/role-store.js';
import { IncidentError } from '../incidents/errors.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import { holderOf, type RoleChange } from '../incidents/roles.js';
import type { Role } from '../incidents/types.js';
import { assignRole, checkRoleHolder } from './assign-role.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';

export interface AssignRolesInput {
  incidentNumber: number;
  /** The person picked for each role in the form; null when the picker was left empty. */
  holders: Record<Role, string | null>;
  assignedBy: string;
}

/**
 * The roles form: every changed role is checked before any is given, so a bot picked for one role
 * leaves all three as they were. A role somebody held cannot be left to nobody.
 */
export async function assignRoles(ctx: UseCaseContext, input: AssignRolesInput): Promise<RoleChange[]> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  assertChangeable(incident, 'roles');
  const roles = await currentRoleHolders(ctx.db, incident.number);
  const changed: Role[] = [];
  for (const role of ctx.policy.roleIds) {
    const current = holderOf(incident, roles, role, ctx.policy);
    const picked = input.holders[role] ?? null;
    if (picked === current || (picked === null && current === undefined)) continue;
    if (picked === null) throw new IncidentError('role_holder_missing', { role, cause: 'left_empty', current }, true);
    await checkRoleHolder(ctx, role, picked).catch((error: unknown) => {
      if (error instanceof IncidentError) throw new IncidentError(error.code, error.data, true);
      throw error;
    });
    changed.push(role);
  }
  const changes: RoleChange[] = [];
  for (const role of changed) {
    changes.push(await assignRole(ctx, { incidentNumber: incident.number, role, userId: input.holders[role]!, assignedBy: input.assignedBy }));
  }
  return changes;
}
