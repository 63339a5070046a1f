import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { resolveIncident } from '../../usecases/resolve-incident.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { answeringRefusals } from './answer-refusals.js';

/** The card's "Resolve" button (Slack has already asked "Resolve INC-n?"). */
export function registerResolveAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.resolve, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, async () => {
      await resolveIncident(ctx, { incidentNumber, resolvedBy: body.user.id });
    });
  });
}
