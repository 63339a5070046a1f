import type { Role } from '../types.js';
import type { Format } from './format.js';
import type { Milestones } from './figures.js';
import type { RetrospectiveInput } from './input.js';
import { listItem, table } from './markdown.js';

/** One person holding one role without interruption. */
interface Tenure {
  role: Role;
  userId: string;
  from: Date;
  until: Date;
  /** How the tenure ended: handed over, or the incident was resolved or closed. */
  endedBy: 'handoff' | 'resolved' | 'closed';
}

/**
 * Who held each role when, from the assignments in order. The declarer is commander until
 * someone else is; a tenure lasts until the next holder takes over, else until the incident was
 * resolved (or closed, if the holder took over after resolving).
 */
function tenures(input: Pick<RetrospectiveInput, 'incident' | 'roleHistory' | 'policy'>, milestones: Milestones): Tenure[] {
  const result: Tenure[] = [];
  for (const role of rolesOf(input)) {
    const starts: { userId: string; at: Date }[] = [];
    const assignments = input.roleHistory.filter((a) => a.role === role).sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime());
    const first = assignments[0];
    const before = first?.previousUserId ?? (input.policy.isCommanderRole(role) ? input.incident.declarerId : null);
    if (before && (!first || first.assignedAt > milestones.declared)) starts.push({ userId: before, at: milestones.declared });
    for (const assignment of assignments) {
      // Assigning the holder again changes nothing: not a new tenure.
      if (starts.at(-1)?.userId !== assignment.userId) starts.push({ userId: assignment.userId, at: assignment.assignedAt });
    }
    starts.forEach((start, i) => {
      const next = starts[i + 1];
      const resolved = milestones.resolved && milestones.resolved >= start.at ? milestones.resolved : null;
      result.push({
        role,
        userId: start.userId,
        from: start.at,
        until: next?.at ?? resolved ?? milestones.closed,
        endedBy: next ? 'handoff' : resolved ? 'resolved' : 'closed',
      });
    });
  }
  return result;
}

/** The process's roles in order, then any the incident had that the process no longer names. */
function rolesOf(input: Pick<RetrospectiveInput, 'roleHistory' | 'policy'>): Role[] {
  return [...new Set([...input.policy.roleIds, ...input.roleHistory.map((a) => a.role)])];
}

export function rolesSection(input: RetrospectiveInput, format: Format, milestones: Milestones): string[] {
  const held = tenures(input, milestones);
  const title = (role: Role) => input.policy.roleTitle(role);
  const rows = rolesOf(input).flatMap((role) => {
    const ofRole = held.filter((t) => t.role === role);
    if (ofRole.length === 0) return [[title(role), 'nobody', '', '', '']];
    return ofRole.map((t) => [
      title(role),
      format.person(t.userId),
      format.dateTime(t.from),
      `${format.dateTime(t.until)} (${t.endedBy === 'handoff' ? 'handed over' : t.endedBy})`,
      format.between(t.from, t.until),
    ]);
  });

  const changes = [...input.roleHistory].sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime()).map((a) => {
    const by = !a.assignedBy ? '' : a.assignedBy === a.userId ? ' (took the role)' : ` (assigned by ${format.person(a.assignedBy)})`;
    const who = a.previousUserId && a.previousUserId !== a.userId
      ? `${format.person(a.previousUserId)} → ${format.person(a.userId)}, handoff`
      : format.person(a.userId);
    return listItem(0, [`**${format.dateTime(a.assignedAt)}** ${title(a.role)}: ${who}${by}`]);
  });

  return [
    '## Roles and handoffs',
    '',
    ...table(['Role', 'Held by', 'From', 'Until', 'For'], rows),
    '',
    ...(changes.length > 0 ? changes.flat() : ['No role was assigned: the declarer was commander throughout.']),
  ];
}

export function participantsSection(input: RetrospectiveInput, format: Format, milestones: Milestones): string[] {
  const people = new Map<string, { messages: number; updates: number; roles: Set<string> }>();
  const person = (userId: string) => {
    let found = people.get(userId);
    if (!found) {
      found = { messages: 0, updates: 0, roles: new Set() };
      people.set(userId, found);
    }
    return found;
  };
  person(input.incident.declarerId).roles.add('declarer');
  for (const t of tenures(input, milestones)) person(t.userId).roles.add(input.policy.roleTitle(t.role));
  for (const update of input.statusUpdates) person(update.authorId).updates += 1;
  for (const entry of input.timeline) {
    if (entry.kind === 'message' && entry.authorId && !entry.deletedAt) person(entry.authorId).messages += 1;
  }

  const rows = [...people.entries()]
    .map(([userId, p]) => ({ name: format.person(userId), ...p }))
    .sort((a, b) => b.messages - a.messages || b.updates - a.updates || a.name.localeCompare(b.name))
    .map((p) => [p.name, String(p.messages), String(p.updates), [...p.roles].join(', ')]);
  return ['## Participants', '', ...table(['Person', 'Messages', 'Status updates', 'Roles'], rows)];
}
