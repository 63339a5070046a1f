import { listOpenIncidents } from '../../db/incident-store.js';
import { parseQuickDeclare } from '../../incidents/declaration.js';
import { slackTextToPlain } from '../inbound/slack-markup.js';
import type { SlackContext } from '../context.js';
import { declareIncident } from '../../usecases/declare-incident.js';
import { declareModal } from '../blocks/declare-modal.js';
import { declareOutcomeMessage } from '../blocks/declare-outcome.js';
import type { Subcommand } from './subcommand.js';

/**
 * Opens the declare form inside Slack's 3-second trigger window (nothing before it), then adds the
 * incidents already open so nobody declares one twice.
 */
async function openDeclareForm(ctx: SlackContext, triggerId: string, declarerId: string): Promise<void> {
  const form = { declarerId, policy: ctx.policy, types: ctx.process.types };
  const { viewId } = await ctx.slack.openView(triggerId, declareModal(form));
  const openIncidents = await listOpenIncidents(ctx.db, ctx.policy);
  if (openIncidents.length === 0) return;
  // The form works without the list, so a failure to add it is only logged.
  await ctx.slack.updateView(viewId, declareModal({ ...form, openIncidents })).catch((error: unknown) => {
    ctx.logger.warn({ err: error }, 'could not list the open incidents on the declare form');
  });
}

/** `/incident declare` opens the form; `/incident declare [severity] <title>` declares at once. */
export const declareSubcommand: Subcommand = {
  name: 'declare',
  usage: 'declare [severity] <title>',
  summary: 'declare an incident at once, or open the declare form without a title',
  needsIncident: false,
  async run({ args, command, respond, ctx }) {
    if (args === '') {
      await openDeclareForm(ctx, command.trigger_id, command.user_id);
      return;
    }
    // Command text arrives in Slack's markup (&amp;, <@U1|bob>); a title is plain text.
    const { severity, title } = parseQuickDeclare(slackTextToPlain(args), ctx.policy);
    const outcome = await declareIncident(ctx, {
      title,
      severity,
      description: '',
      private: false,
      declarerId: command.user_id,
      commanderId: command.user_id,
      // A retried command carries the same trigger id and declares nothing new.
      requestKey: command.trigger_id,
    });
    await respond({ response_type: 'ephemeral', ...declareOutcomeMessage(outcome, ctx.policy) });
  },
};
