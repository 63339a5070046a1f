import type { BlockAction, ButtonAction } from '@slack/bolt';
import { acceptAlertGroup } from '../../usecases/accept-alert-group.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { declareOutcomeMessage } from '../blocks/declare-outcome.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { answeringRefusals } from './answer-refusals.js';

/** Accept on a triage message: declares the group's incident with the clicker as commander; they are told the channel. */
export function registerAcceptAlertsAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.acceptAlerts, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, async () => {
      const outcome = await acceptAlertGroup(ctx, { incidentNumber, acceptedBy: body.user.id });
      await tell(declareOutcomeMessage(outcome, ctx.policy).text);
    });
  });
}
