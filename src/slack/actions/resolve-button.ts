import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { resolveIncident } from '../../usecases/resolve-incident.js';
import { ACTIONS } from '../action-ids.js';
import { onIncidentButton } from './incident-button.js';

/** The card's "Resolve" button (Slack has already asked "Resolve INC-n?"). */
export function registerResolveAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.resolve, async ({ incidentNumber, body }) => {
    await resolveIncident(ctx, { incidentNumber, resolvedBy: body.user.id });
  });
}
