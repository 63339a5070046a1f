import { commanderOf, type Incident, keyOf, type RoleHolders } from './incident.js';
import { ROLE_TITLES, type Role } from './types.js';

export type RoleChange =
  | { kind: 'unchanged'; role: Role; userId: string }
  | { kind: 'assigned'; role: Role; userId: string; previousUserId: null }
  | { kind: 'handoff'; role: Role; userId: string; previousUserId: string };

/** Who holds `role` now; the commander is the declarer until someone else is. */
export function holderOf(incident: Pick<Incident, 'declarerId'>, roles: RoleHolders, role: Role): string | undefined {
  return role === 'commander' ? commanderOf(incident, roles) : roles[role];
}

/** Giving a role to its holder changes nothing; to someone else, it is an assignment or, if someone held it, a handoff. */
export function decideRoleChange(incident: Pick<Incident, 'declarerId'>, roles: RoleHolders, role: Role, userId: string): RoleChange {
  const previous = holderOf(incident, roles, role);
  if (previous === userId) return { kind: 'unchanged', role, userId };
  if (previous === undefined) return { kind: 'assigned', role, userId, previousUserId: null };
  return { kind: 'handoff', role, userId, previousUserId: previous };
}

const ROLE_DUTIES: Record<Role, string> = {
  commander:
    'You run the response: you decide, delegate and keep the roles filled. Keep the channel focused and ask for what you need.\n' +
    'Stepping away? Hand off with `/incident role commander @someone`.',
  comms:
    'You post status updates on cadence (`/incident update …` or the card\'s *Post update* button) and keep stakeholders informed.\n' +
    'Each update says when the next one is due; Sitrep nudges you when it is late.',
  ops:
    'You lead the hands-on investigation and the fix: gather the people and the data you need, try things, say what you try.\n' +
    'Tell the commander what you find and when the fix is in.',
};

/** The note a new holder receives: what the role does, in two or three lines. */
export function roleNote(incident: Pick<Incident, 'number'>, role: Role): string {
  return `You are now the *${ROLE_TITLES[role]}* of ${keyOf(incident)}.\n${ROLE_DUTIES[role]}`;
}
