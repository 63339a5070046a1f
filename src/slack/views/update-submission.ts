import type { ListenerRoutes } from '../listener-routes.js';
import { z } from 'zod';
import { IncidentError } from '../../incidents/errors.js';
import { checkUpdateText, MAX_UPDATE_LENGTH } from '../../incidents/status-update.js';
import { OPEN_STATES } from '../../incidents/types.js';
import type { SlackContext } from '../context.js';
import { postStatusUpdate } from '../../usecases/post-status-update.js';
import { answeringRefusals } from '../actions/answer-refusals.js';
import { VIEWS } from '../action-ids.js';
import { readFormMetadata } from '../blocks/form-metadata.js';
import { escapeMrkdwn } from '../blocks/text.js';
import { UPDATE_INPUT } from '../blocks/update-modal.js';

const updateForm = z.object({
  state: z.enum(OPEN_STATES).optional(),
  // Stored like everything people say in Slack: in Slack's markup, which a form's plain text is not yet.
  // Checked once, on that stored text, by the same rule as `/incident update`, before the form closes.
  text: z
    .string()
    .transform((typed) => escapeMrkdwn(typed))
    .superRefine((text, issue) => {
      try {
        checkUpdateText(text);
      } catch (error) {
        if (!(error instanceof IncidentError)) throw error;
        issue.addIssue({ code: 'custom', message: text.trim() === '' ? 'Write the update.' : `Keep the update to ${MAX_UPDATE_LENGTH} characters or fewer.` });
      }
    }),
  nextUpdateInMs: z.coerce.number().int().positive().optional(),
});

/** Which block shows a field's error. */
const BLOCK_OF: Record<keyof z.infer<typeof updateForm>, string> = {
  state: UPDATE_INPUT.state.blockId,
  text: UPDATE_INPUT.text.blockId,
  nextUpdateInMs: UPDATE_INPUT.next.blockId,
};

/** The update form's submit: an empty text is shown on the form; otherwise it closes and the update is posted. */
export function registerUpdateSubmission(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.view(VIEWS.update, async ({ ack, body, view }) => {
    const form = readFormMetadata(view.private_metadata);
    const field = (input: { blockId: string; actionId: string }) => view.state.values[input.blockId]?.[input.actionId];
    const parsed = updateForm.safeParse({
      state: field(UPDATE_INPUT.state)?.selected_option?.value ?? undefined,
      text: field(UPDATE_INPUT.text)?.value ?? '',
      nextUpdateInMs: field(UPDATE_INPUT.next)?.selected_option?.value ?? undefined,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      await ack({ response_action: 'errors', errors: { [BLOCK_OF[issue.path[0] as keyof typeof BLOCK_OF]]: issue.message } });
      return;
    }
    await ack();
    if (!form) return;
    const userId = body.user.id;
    const tell = (text: string) => ctx.slack.postEphemeral(form.channel, userId, { text });
    await answeringRefusals(ctx.policy, tell, async () => {
      await postStatusUpdate(ctx, { incidentNumber: form.incident, authorId: userId, ...parsed.data });
    });
  });
}
