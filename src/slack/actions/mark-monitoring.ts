import type { BlockAction, ButtonAction } from '@slack/bolt';
import { postStatusUpdate } from '../../usecases/post-status-update.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { answeringRefusals } from './answer-refusals.js';

/** Mark monitoring under "All alerts resolved": a status update to monitoring, as `/incident update monitoring` makes. */
export function registerMarkMonitoringAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.markMonitoring, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, async () => {
      await postStatusUpdate(ctx, { incidentNumber, authorId: body.user.id, text: ALERT_SENTENCES.monitoringUpdate, state: 'monitoring' });
    });
  });
}
