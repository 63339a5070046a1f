import { mergeAlertGroup } from '../../usecases/merge-alert-group.js';
import { answeringRefusals } from '../actions/answer-refusals.js';
import { incidentNumberFromValue, VIEWS } from '../action-ids.js';
import { ALERT_SENTENCES } from '../alert-sentences.js';
import { readFormMetadata } from '../blocks/form-metadata.js';
import { TRIAGE_INPUT } from '../blocks/triage-modals.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';

/** The merge form's submit: merged into the picked incident (a refusal told in the triage channel). */
export function registerMergeAlertsSubmission(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.view(VIEWS.mergeAlerts, async ({ ack, body, view }) => {
    const form = readFormMetadata(view.private_metadata);
    const into = incidentNumberFromValue(view.state.values[TRIAGE_INPUT.into.blockId]?.[TRIAGE_INPUT.into.actionId]?.selected_option?.value ?? undefined);
    if (into === undefined) {
      await ack({ response_action: 'errors', errors: { [TRIAGE_INPUT.into.blockId]: ALERT_SENTENCES.mergeTargetMissing } });
      return;
    }
    await ack();
    if (!form) return;
    const userId = body.user.id;
    const tell = (text: string) => ctx.slack.postEphemeral(form.channel, userId, { text });
    await answeringRefusals(ctx.policy, tell, () => mergeAlertGroup(ctx, { incidentNumber: form.incident, into, mergedBy: userId }));
  });
}
