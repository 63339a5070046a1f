import type { BlockAction, ButtonAction } from '@slack/bolt';
import { getAlertMessageTarget } from '../../db/alert-store.js';
import { ACTIONS, incidentNumberFromValue } from '../action-ids.js';
import { declineModal } from '../blocks/triage-modals.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { answeringRefusals } from './answer-refusals.js';
import { stillInTriage } from '../../usecases/lock-triage-incident.js';

/** Decline on a triage message opens a small form asking why (the decline is stored on submit). */
export function registerDeclineAlertsAction(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.declineAlerts, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, async () => {
      const target = stillInTriage(await getAlertMessageTarget(ctx.db, incidentNumber), incidentNumber);
      await ctx.slack.openView(body.trigger_id, declineModal(target, body.channel?.id ?? target.triageChannelId ?? ''));
    });
  });
}

