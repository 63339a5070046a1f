import { keyOf } from '../../incidents/incident.js';
import { closeIncident } from '../../usecases/close-incident.js';
import { describeSlackError } from '../error-text.js';
import type { Subcommand } from './subcommand.js';

/** `/incident close` resolves this channel's incident if needed, posts the retrospective draft and closes it. */
export const closeSubcommand: Subcommand = {
  name: 'close',
  usage: 'close',
  summary: 'resolve if needed and write the retrospective draft',
  needsIncident: true,
  async run({ command, respond, ctx, incident }) {
    const closed = await closeIncident(ctx, { incidentNumber: incident!.number, closedBy: command.user_id });
    // The channel shows the file; only a file Slack would not take needs telling.
    if (closed.uploadError) {
      const key = keyOf(closed.incident);
      await respond({
        response_type: 'ephemeral',
        text: `:warning: ${key} is closed and its retrospective draft (version ${closed.retrospective.version}) is saved, but Slack would not take the file: ${describeSlackError(closed.uploadError)}. \`sitrep retro ${key}\` prints it.`,
      });
    }
  },
};
