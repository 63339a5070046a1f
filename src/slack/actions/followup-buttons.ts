import type { BlockAction, ButtonAction } from '@slack/bolt';
import { parseFollowupKey } from '../../incidents/followup.js';
import { changeFollowup } from '../../usecases/followups.js';
import { FOLLOWUP_ACTION_STATES, FOLLOWUP_ACTIONS } from '../blocks/followup-message.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { answeringRefusals } from './answer-refusals.js';

/** Done / Won't do / Reopen on a follow-up's message: the message is edited by the effect the change owes. */
export function registerFollowupButtons(routes: ListenerRoutes, ctx: SlackContext): void {
  for (const actionId of Object.values(FOLLOWUP_ACTIONS)) {
    routes.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const ref = parseFollowupKey(action.value ?? '');
      const state = FOLLOWUP_ACTION_STATES[actionId];
      if (!ref || !state) return;
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      await answeringRefusals(ctx.policy, tell, async () => {
        await changeFollowup(ctx, { ...ref, state, by: body.user.id });
      });
    });
  }
}
