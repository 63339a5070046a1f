import type { ListenerRoutes } from '../listener-routes.js';
import { IncidentError } from '../../incidents/errors.js';
import { findIncidentByChannel } from '../../db/incident-store.js';
import type { SlackContext } from '../context.js';
import { errorText } from '../error-text.js';
import { INCIDENT_COMMAND } from '../subscriptions.js';
import { helpTextFor, isHelpRequest } from './help.js';
import type { Subcommand } from './subcommand.js';

/** Splits `declare sev2 Checkout down` into `declare` and `sev2 Checkout down`. */
export function splitSubcommand(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { name: trimmed.toLowerCase(), args: '' };
  return { name: trimmed.slice(0, space).toLowerCase(), args: trimmed.slice(space + 1).trim() };
}

/** `/incident …`: acks at once, then runs the subcommand; help and unknown subcommands answer in the ack. */
export function registerIncidentCommand(routes: ListenerRoutes, ctx: SlackContext, subcommands: readonly Subcommand[]): void {
  const byName = new Map(subcommands.map((s) => [s.name, s]));
  const helpText = helpTextFor(ctx.policy);

  routes.command(INCIDENT_COMMAND, async ({ command, ack, respond }) => {
    const { name, args } = splitSubcommand(command.text ?? '');
    const subcommand = byName.get(name);
    if (isHelpRequest(name) || !subcommand) {
      const intro = isHelpRequest(name) ? undefined : `\`${name}\` is not a Sitrep command. Here is what is:`;
      await ack({ response_type: 'ephemeral', text: helpText(intro) });
      return;
    }
    await ack();
    try {
      const incident = subcommand.needsIncident ? await findIncidentByChannel(ctx.db, command.channel_id) : undefined;
      if (subcommand.needsIncident && !incident) {
        throw new IncidentError('not_an_incident_channel', {});
      }
      await subcommand.run({ args, command, respond, ctx, incident });
    } catch (error) {
      // Refusals are the user's answer; anything else is also logged by Bolt's error handler.
      await respond({ response_type: 'ephemeral', text: errorText(error, ctx.policy) });
      if (!(error instanceof IncidentError)) throw error;
    }
  });
}
