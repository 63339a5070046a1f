import type { ListenerRoutes } from '../listener-routes.js';
import { assignRole } from '../../usecases/assign-role.js';
import type { SlackContext } from '../context.js';
import { ACTIONS } from '../action-ids.js';
import { takeRoleButtons } from '../blocks/incident-card.js';
import { onIncidentButton } from './incident-button.js';

/** The card's "Take <role>" buttons (one per role the card shows): the person who clicks takes the role. */
export function registerTakeRoleActions(routes: ListenerRoutes, ctx: SlackContext): void {
  for (const { id: role, title } of takeRoleButtons(ctx.policy)) {
    onIncidentButton(routes, ctx, ACTIONS.takeRole(role), async ({ incidentNumber, body, tell }) => {
      const userId = body.user.id;
      const change = await assignRole(ctx, { incidentNumber, role, userId, assignedBy: userId });
      if (change.kind === 'unchanged') await tell(`:information_source: You already are the ${title}.`);
    });
  }
}
