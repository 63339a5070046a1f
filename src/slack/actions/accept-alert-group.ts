import { acceptAlertGroup } from '../../usecases/accept-alert-group.js';
import { ACTIONS } from '../action-ids.js';
import { declareOutcomeMessage } from '../blocks/declare-outcome.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { onIncidentButton } from './incident-button.js';

/** Accept on a triage message: declares the group's incident with the clicker as commander; they are told the channel. */
export function registerAcceptAlertsAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.acceptAlerts, async ({ incidentNumber, body, tell }) => {
    const outcome = await acceptAlertGroup(ctx, { incidentNumber, acceptedBy: body.user.id });
    await tell(declareOutcomeMessage(outcome, ctx.policy).text);
  });
}
