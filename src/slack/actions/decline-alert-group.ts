import { getAlertMessageTarget } from '../../db/alert-store.js';
import { ACTIONS } from '../action-ids.js';
import { declineModal } from '../blocks/triage-modals.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { onIncidentButton } from './incident-button.js';
import { stillInTriage } from '../../usecases/lock-triage-incident.js';

/** Decline on a triage message opens a small form asking why (the decline is stored on submit). */
export function registerDeclineAlertsAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.declineAlerts, async ({ incidentNumber, body }) => {
    const target = stillInTriage(await getAlertMessageTarget(ctx.db, incidentNumber), incidentNumber);
    await ctx.slack.openView(body.trigger_id, declineModal(target, body.channel?.id ?? target.triageChannelId ?? ''));
  });
}

