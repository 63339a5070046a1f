import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import { ROLE_TITLES, ROLES } from '../../incidents/types.js';
import { assignRole } from '../../usecases/assign-role.js';
import type { SlackContext } from '../context.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { answeringRefusals } from './answer-refusals.js';

/** The card's "Take commander / comms / ops" buttons: the person who clicks takes the role. */
export function registerTakeRoleActions(routes: ListenerRoutes, ctx: SlackContext): void {
  for (const role of ROLES) {
    routes.action<BlockAction<ButtonAction>>(ACTIONS.takeRole[role], async ({ ack, body, action, respond }) => {
      await ack();
      const incidentNumber = incidentNumberFromValue(action.value);
      if (incidentNumber === undefined) return;
      const userId = body.user.id;
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      await answeringRefusals(tell, async () => {
        const change = await assignRole(ctx, { incidentNumber, role, userId, assignedBy: userId });
        if (change.kind === 'unchanged') await tell(`:information_source: You already are the ${ROLE_TITLES[role]}.`);
      });
    });
  }
}
