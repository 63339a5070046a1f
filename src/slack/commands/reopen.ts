import { reopenIncident } from '../../usecases/reopen-incident.js';
import type { Subcommand } from './subcommand.js';

/** `/incident reopen` takes this channel's resolved or closed incident back to investigating. */
export const reopenSubcommand: Subcommand = {
  name: 'reopen',
  usage: 'reopen',
  summary: 'take a resolved or closed incident back to investigating',
  needsIncident: true,
  async run({ command, ctx, incident }) {
    await reopenIncident(ctx, { incidentNumber: incident!.number, reopenedBy: command.user_id });
  },
};
