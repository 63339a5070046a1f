import { currentRoleHolders } from '../db/role-store.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import { rolesModal } from '../slack/blocks/roles-modal.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';

/** Opens the roles form, pickers pre-filled with the current holders. */
export async function openRolesForm(ctx: UseCaseContext, input: { incidentNumber: number; triggerId: string }): Promise<void> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  assertChangeable(incident, 'roles');
  const roles = await currentRoleHolders(ctx.db, incident.number);
  await ctx.slack.openView(input.triggerId, rolesModal(incident, roles, ctx.policy));
}
