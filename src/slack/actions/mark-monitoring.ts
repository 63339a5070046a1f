import { postStatusUpdate } from '../../usecases/post-status-update.js';
import { ACTIONS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { onIncidentButton } from './incident-button.js';

/** Mark monitoring under "All alerts resolved": a status update to monitoring, as `/incident update monitoring` makes. */
export function registerMarkMonitoringAction(routes: ListenerRoutes, ctx: SlackContext): void {
  onIncidentButton(routes, ctx, ACTIONS.markMonitoring, async ({ incidentNumber, body }) => {
    await postStatusUpdate(ctx, { incidentNumber, authorId: body.user.id, text: ALERT_SENTENCES.monitoringUpdate, state: 'monitoring' });
  });
}
