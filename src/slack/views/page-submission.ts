import { z } from 'zod';
import { pageTarget } from '../../usecases/page-target.js';
import { answeringRefusals } from '../actions/answer-refusals.js';
import { VIEWS } from '../action-ids.js';
import { readFormMetadata } from '../blocks/form-metadata.js';
import { PAGE_INPUT } from '../blocks/page-modal.js';
import type { SlackContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';

const pageForm = z.object({
  target: z.string().min(1),
  message: z.string().trim().max(500).nullable(),
  urgency: z.enum(['high', 'low']),
});

/** The page form's submit: the form closes, the target is paged and the channel told (a refusal is told to the submitter). */
export function registerPageSubmission(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.view(VIEWS.page, async ({ ack, body, view }) => {
    const form = readFormMetadata(view.private_metadata);
    const field = (input: { blockId: string; actionId: string }) => view.state.values[input.blockId]?.[input.actionId];
    const parsed = pageForm.safeParse({
      target: field(PAGE_INPUT.target)?.selected_option?.value ?? '',
      message: field(PAGE_INPUT.message)?.value || null,
      urgency: field(PAGE_INPUT.urgency)?.selected_option?.value ?? 'high',
    });
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: { [PAGE_INPUT.target.blockId]: 'Pick whom to page.' } });
      return;
    }
    await ack();
    if (!form) return;
    const userId = body.user.id;
    const tell = (text: string) => ctx.slack.postEphemeral(form.channel, userId, { text });
    await answeringRefusals(ctx.policy, tell, async () => {
      const { target, message, urgency } = parsed.data;
      // The channel is told through the effect queue, with the page: once, retried, never lost.
      await pageTarget(ctx, { incidentNumber: form.incident, target, message: message || null, urgency, by: userId, announce: true });
    });
  });
}
