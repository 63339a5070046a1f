import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { openRolesForm } from '../open-roles-form.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { answeringRefusals } from './answer-refusals.js';

/** The card's "Assign roles" button opens the roles form. */
export function registerOpenRolesModalAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.assignRoles, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, () => openRolesForm(ctx, { incidentNumber, triggerId: body.trigger_id }));
  });
}
