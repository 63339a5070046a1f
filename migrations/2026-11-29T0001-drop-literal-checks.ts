import { type Kysely, sql } from 'kysely';

// Severities and roles are the incident policy's data now (src/incidents/policy.ts), not a fixed
// list: the checks that pinned sev1..sev4 and commander/comms/ops would refuse an organisation's own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents drop constraint if exists incidents_severity_check`.execute(db);
  await sql`alter table role_assignments drop constraint if exists role_assignments_role_check`.execute(db);
}

// Restores the checks of 2026-11-21T0001; fails while a row holds an id outside them, which is the point.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents add constraint incidents_severity_check check (severity in ('sev1', 'sev2', 'sev3', 'sev4'))`.execute(db);
  await sql`alter table role_assignments add constraint role_assignments_role_check check (role in ('commander', 'comms', 'ops'))`.execute(db);
}
