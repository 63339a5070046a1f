import { declineAlertGroup } from '../../usecases/decline-alert-group.js';
import { answeringRefusals } from '../actions/answer-refusals.js';
import { VIEWS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import { readFormMetadata } from '../blocks/form-metadata.js';
import { MAX_DECLINE_REASON_LENGTH, TRIAGE_INPUT } from '../blocks/triage-modals.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';

/** The decline form's submit: no reason keeps the form open; otherwise declined (a refusal told in the triage channel). */
export function registerDeclineAlertsSubmission(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.view(VIEWS.declineAlerts, async ({ ack, body, view }) => {
    const form = readFormMetadata(view.private_metadata);
    const reason = (view.state.values[TRIAGE_INPUT.reason.blockId]?.[TRIAGE_INPUT.reason.actionId]?.value ?? '').trim();
    if (reason === '') {
      await ack({ response_action: 'errors', errors: { [TRIAGE_INPUT.reason.blockId]: ALERT_SENTENCES.declineReasonMissing } });
      return;
    }
    await ack();
    if (!form) return;
    const userId = body.user.id;
    const tell = (text: string) => ctx.slack.postEphemeral(form.channel, userId, { text });
    await answeringRefusals(ctx.policy, tell, () => declineAlertGroup(ctx, { incidentNumber: form.incident, declinedBy: userId, reason: reason.slice(0, MAX_DECLINE_REASON_LENGTH) }));
  });
}
