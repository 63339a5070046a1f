import type { RoleHolders } from '../incidents/incident.js';
import type { RoleAssignment } from '../incidents/retrospective/input.js';
import type { Db } from './database.js';

/** Who holds each role now: the latest assignment per role. */
export async function currentRoleHolders(db: Db, incidentNumber: number): Promise<RoleHolders> {
  const rows = await db
    .selectFrom('role_assignments')
    .select(['role', 'user_id'])
    .distinctOn('role')
    .where('incident_number', '=', incidentNumber)
    .orderBy('role')
    .orderBy('assigned_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.role, r.user_id]));
}

/** Current holders of many incidents at once (lists, App Home). */
export async function currentRoleHoldersOf(db: Db, incidentNumbers: number[]): Promise<Map<number, RoleHolders>> {
  const holders = new Map<number, RoleHolders>(incidentNumbers.map((n) => [n, {}]));
  if (incidentNumbers.length === 0) return holders;
  const rows = await db
    .selectFrom('role_assignments')
    .select(['incident_number', 'role', 'user_id'])
    .distinctOn(['incident_number', 'role'])
    .where('incident_number', 'in', incidentNumbers)
    .orderBy('incident_number')
    .orderBy('role')
    .orderBy('assigned_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) holders.get(row.incident_number)![row.role] = row.user_id;
  return holders;
}

export async function recordRoleAssignment(
  db: Db,
  incidentNumber: number,
  assignment: RoleAssignment,
): Promise<void> {
  await db
    .insertInto('role_assignments')
    .values({
      incident_number: incidentNumber,
      role: assignment.role,
      user_id: assignment.userId,
      previous_user_id: assignment.previousUserId,
      assigned_by: assignment.assignedBy,
      assigned_at: assignment.assignedAt,
    })
    .execute();
}

/** Every assignment in order: handoffs and how long each person held a role. */
export async function roleHistory(db: Db, incidentNumber: number): Promise<RoleAssignment[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .orderBy('assigned_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    role: r.role,
    userId: r.user_id,
    previousUserId: r.previous_user_id,
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at,
  }));
}
