import { getAlertMessageTarget } from '../../db/alert-store.js';
import { listOpenIncidents } from '../../db/incident-store.js';
import { ACTIONS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import { mergeModal } from '../blocks/triage-modals.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { onIncidentButton } from './incident-button.js';
import { stillInTriage } from '../../usecases/lock-triage-incident.js';

/** Merge into… on a triage message opens a form to pick one of the open incidents. */
export function registerMergeAlertsAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.mergeAlerts, async ({ incidentNumber, body, tell }) => {
    const target = stillInTriage(await getAlertMessageTarget(ctx.db, incidentNumber), incidentNumber);
    const open = await listOpenIncidents(ctx.db, ctx.policy);
    if (open.length === 0) {
      await tell(ALERT_SENTENCES.noOpenIncidents);
      return;
    }
    await ctx.slack.openView(body.trigger_id, mergeModal(target, body.channel?.id ?? target.triageChannelId ?? '', open));
  });
}
