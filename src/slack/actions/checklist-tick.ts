import type { BlockAction, CheckboxesAction } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { tickChecklist } from '../../usecases/tick-checklist.js';
import { CHECKLIST_TICK_ACTION, checklistGroupOf } from '../blocks/checklist-message.js';
import { answeringRefusals } from './answer-refusals.js';

/** A box ticked or unticked on the checklist message: the group's boxes as they are now, by whom. */
export function registerChecklistTickAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<CheckboxesAction>>(CHECKLIST_TICK_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const group = checklistGroupOf(action.block_id);
    if (!group) return;
    const ticked = action.selected_options.map((o) => Number(o.value)).filter((id) => group.itemIds.includes(id));
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, async () => {
      await tickChecklist(ctx, { incidentNumber: group.incidentNumber, group: group.itemIds, ticked, by: body.user.id });
    });
  });
}
