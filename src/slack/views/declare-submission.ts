import type { ViewStateValue } from '@slack/bolt';
import type { ListenerRoutes } from '../listener-routes.js';
import { z } from 'zod';
import { incidentTitle } from '../../incidents/declaration.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Severity } from '../../incidents/types.js';
import type { IncidentTypeDefinition } from '../../process/process-schema.js';
import type { SlackContext } from '../context.js';
import { declareIncident } from '../../usecases/declare-incident.js';
import { tellDeclarer } from '../../usecases/tell-declarer.js';
import { VIEWS } from '../action-ids.js';
import { DECLARE_INPUTS, DESCRIPTION_MAX, PRIVATE_OPTION_VALUE } from '../blocks/declare-modal.js';
import { declareOutcomeMessage } from '../blocks/declare-outcome.js';
import { errorText } from '../error-text.js';
import { commanderRefusal } from './commander-check.js';

const declareFormOf = (policy: IncidentPolicy) => z.object({
  title: incidentTitle,
  severity: z.string().refine((id) => policy.severityIds.includes(id), 'Pick a severity.'),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, `Keep the description to ${DESCRIPTION_MAX} characters or fewer.`)
    .refine((text) => !text.includes('\u0000'), 'The description cannot contain a NUL character (U+0000).'),
  commanderId: z.string().min(1, 'Pick a commander.'),
  private: z.boolean(),
  type: z.string().optional(),
});

/** Which block shows a field's error. */
const BLOCK_OF: Record<keyof z.infer<ReturnType<typeof declareFormOf>>, string> = {
  title: DECLARE_INPUTS.title.blockId,
  severity: DECLARE_INPUTS.severity.blockId,
  description: DECLARE_INPUTS.description.blockId,
  commanderId: DECLARE_INPUTS.commander.blockId,
  private: DECLARE_INPUTS.private.blockId,
  type: DECLARE_INPUTS.type.blockId,
};

type StateValues = Record<string, Record<string, ViewStateValue>>;

/**
 * The form's state as Slack sends it; an untouched picker falls back to what the form showed. A type
 * picked brings its defaults: its severity when none was picked, private when the type is.
 */
function readForm(values: StateValues, declarerId: string, defaultSeverity: Severity, types: readonly IncidentTypeDefinition[]) {
  const field = (input: { blockId: string; actionId: string }) => values[input.blockId]?.[input.actionId];
  const type = types.find((t) => t.id === field(DECLARE_INPUTS.type)?.selected_option?.value);
  return {
    title: field(DECLARE_INPUTS.title)?.value ?? '',
    severity: field(DECLARE_INPUTS.severity)?.selected_option?.value ?? type?.defaultSeverity ?? defaultSeverity,
    description: field(DECLARE_INPUTS.description)?.value ?? '',
    commanderId: field(DECLARE_INPUTS.commander)?.selected_user ?? declarerId,
    private: (type?.private ?? false) || (field(DECLARE_INPUTS.private)?.selected_options ?? []).some((o) => o.value === PRIVATE_OPTION_VALUE),
    ...(type ? { type: type.id } : {}),
  };
}

/** The declare form's submit: a bad field is shown on the form; otherwise declare, then DM the declarer the link. */
export function registerDeclareSubmission(routes: ListenerRoutes, ctx: SlackContext): void {
  const declareForm = declareFormOf(ctx.policy);
  routes.view(VIEWS.declare, async ({ ack, body, view }) => {
    const declarerId = body.user.id;
    const form = declareForm.safeParse(readForm(view.state.values, declarerId, ctx.policy.defaultSeverity, ctx.process.types));
    if (!form.success) {
      const errors: Record<string, string> = {};
      for (const issue of form.error.issues) errors[BLOCK_OF[issue.path[0] as keyof typeof BLOCK_OF]] ??= issue.message;
      await ack({ response_action: 'errors', errors });
      return;
    }
    // The commander is a person, as for /incident role: shown on the form, which stays open.
    const commanderProblem = await commanderRefusal(ctx, form.data.commanderId, declarerId);
    if (commanderProblem) {
      await ack({ response_action: 'errors', errors: { [DECLARE_INPUTS.commander.blockId]: commanderProblem } });
      return;
    }
    await ack();
    // The view id is the request key: a second submit of the same form declares nothing new.
    const outcome = await declareIncident(ctx, { ...form.data, declarerId, requestKey: view.id }).catch(async (error: unknown) => {
      await ctx.slack.sendDirectMessage(declarerId, { text: errorText(error, ctx.policy) });
      throw error;
    });
    // The first submit has already told the declarer.
    if (outcome.status === 'duplicate') return;
    // Interrupted, the database is away and nothing can be owed: told at once (the sweep sends the link later).
    if (outcome.status !== 'interrupted' && (await tellDeclarer(ctx, declarerId, outcome))) return;
    await ctx.slack.sendDirectMessage(declarerId, declareOutcomeMessage(outcome, ctx.policy));
  });
}
