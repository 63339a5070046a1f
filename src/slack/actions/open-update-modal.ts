import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { openUpdateForm } from '../open-update-form.js';
import { ACTIONS } from '../action-ids.js';
import { onIncidentButton } from './incident-button.js';

/** "Post update", on the card and on nudges, opens the status update form. */
export function registerOpenUpdateModalAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.postUpdate, ({ incidentNumber, body }) => openUpdateForm(ctx, { incidentNumber, triggerId: body.trigger_id }));
}
