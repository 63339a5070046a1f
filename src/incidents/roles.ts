import { commanderOf, type Incident, keyOf, type RoleHolders } from './incident.js';
import type { IncidentPolicy } from './policy.js';
import type { Role } from './types.js';

export type RoleChange =
  | { kind: 'unchanged'; role: Role; userId: string }
  | { kind: 'assigned'; role: Role; userId: string; previousUserId: null }
  | { kind: 'handoff'; role: Role; userId: string; previousUserId: string };

/** Who holds `role` now; the commander is the declarer until someone else is. */
export function holderOf(incident: Pick<Incident, 'declarerId'>, roles: RoleHolders, role: Role, policy: IncidentPolicy): string | undefined {
  return policy.isCommanderRole(role) ? commanderOf(incident, roles, policy) : roles[role];
}

/** Giving a role to its holder changes nothing; to someone else, it is an assignment or, if someone held it, a handoff. */
export function decideRoleChange(
  incident: Pick<Incident, 'declarerId'>,
  roles: RoleHolders,
  role: Role,
  userId: string,
  policy: IncidentPolicy,
): RoleChange {
  const previous = holderOf(incident, roles, role, policy);
  if (previous === userId) return { kind: 'unchanged', role, userId };
  if (previous === undefined) return { kind: 'assigned', role, userId, previousUserId: null };
  return { kind: 'handoff', role, userId, previousUserId: previous };
}

/** The note a new holder receives: the role's title and its instructions, in two or three lines. */
export function roleNote(incident: Pick<Incident, 'number'>, role: Role, policy: IncidentPolicy): string {
  const instructions = policy.roleInstructions(role);
  return `You are now the *${policy.roleTitle(role)}* of ${keyOf(incident)}.${instructions ? `\n${instructions}` : ''}`;
}
