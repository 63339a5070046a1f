import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import { assignRole } from '../../usecases/assign-role.js';
import type { SlackContext } from '../context.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { takeRoleButtons } from '../blocks/incident-card.js';
import { answeringRefusals } from './answer-refusals.js';

/** The card's "Take <role>" buttons (one per role the card shows): the person who clicks takes the role. */
export function registerTakeRoleActions(routes: ListenerRoutes, ctx: SlackContext): void {
  for (const { id: role, title } of takeRoleButtons(ctx.policy)) {
    routes.action<BlockAction<ButtonAction>>(ACTIONS.takeRole(role), async ({ ack, body, action, respond }) => {
      await ack();
      const incidentNumber = incidentNumberFromValue(action.value);
      if (incidentNumber === undefined) return;
      const userId = body.user.id;
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      await answeringRefusals(ctx.policy, tell, async () => {
        const change = await assignRole(ctx, { incidentNumber, role, userId, assignedBy: userId });
        if (change.kind === 'unchanged') await tell(`:information_source: You already are the ${title}.`);
      });
    });
  }
}
