import { resolveIncident } from '../../usecases/resolve-incident.js';
import type { Subcommand } from './subcommand.js';

/** `/incident resolve [text]` marks this channel's incident resolved. */
export const resolveSubcommand: Subcommand = {
  name: 'resolve',
  usage: 'resolve [text]',
  summary: 'mark the incident resolved',
  needsIncident: true,
  async run({ args, command, ctx, incident }) {
    await resolveIncident(ctx, { incidentNumber: incident!.number, resolvedBy: command.user_id, text: args });
  },
};
