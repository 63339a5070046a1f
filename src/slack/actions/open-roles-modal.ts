import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { openRolesForm } from '../open-roles-form.js';
import { ACTIONS } from '../action-ids.js';
import { onIncidentButton } from './incident-button.js';

/** The card's "Assign roles" button opens the roles form. */
export function registerOpenRolesModalAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.assignRoles, ({ incidentNumber, body }) => openRolesForm(ctx, { incidentNumber, triggerId: body.trigger_id }));
}
