import { currentRoleHolders } from '../db/role-store.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import { loadIncident } from '../usecases/load-incident.js';
import { rolesModal } from './blocks/roles-modal.js';
import type { SlackContext } from './context.js';

/** Opens the roles form, pickers pre-filled with the current holders. */
export async function openRolesForm(ctx: SlackContext, input: { incidentNumber: number; triggerId: string }): Promise<void> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  assertChangeable(incident, 'roles');
  const roles = await currentRoleHolders(ctx.db, incident.number);
  await ctx.slack.openView(input.triggerId, rolesModal(incident, roles, ctx.policy));
}
