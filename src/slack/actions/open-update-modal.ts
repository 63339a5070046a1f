import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { openUpdateForm } from '../open-update-form.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { answeringRefusals } from './answer-refusals.js';

/** "Post update", on the card and on nudges, opens the status update form. */
export function registerOpenUpdateModalAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.postUpdate, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, () => openUpdateForm(ctx, { incidentNumber, triggerId: body.trigger_id }));
  });
}
