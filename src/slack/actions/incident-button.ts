import type { BlockAction, ButtonAction } from '@slack/bolt';
import { incidentNumberFromValue } from '../action-ids.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { answeringRefusals } from './answer-refusals.js';

/** One click on a button whose value names an incident. */
export interface IncidentButtonClick {
  incidentNumber: number;
  body: BlockAction<ButtonAction>;
  /** An ephemeral answer to the person who clicked. */
  tell(text: string): Promise<unknown>;
}

/**
 * A button on a card, triage message or notice: acknowledged at once, the incident read from its
 * value (a value that names none is ignored), refusals and failures told to the person who clicked.
 */
export function onIncidentButton(routes: ListenerRoutes, ctx: SlackContext, actionId: string, work: (click: IncidentButtonClick) => Promise<void>): void {
  routes.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
    await ack();
    const incidentNumber = incidentNumberFromValue(action.value);
    if (incidentNumber === undefined) return;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answeringRefusals(ctx.policy, tell, () => work({ incidentNumber, body, tell }));
  });
}
