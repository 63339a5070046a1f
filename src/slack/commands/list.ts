import { listIncidents } from '../../usecases/list-incidents.js';
import { incidentList } from '../blocks/incident-list.js';
import type { Subcommand } from './subcommand.js';

/** `/incident list`: open incidents, most severe first; private ones only to their members. */
export const listSubcommand: Subcommand = {
  name: 'list',
  usage: 'list',
  summary: 'open incidents',
  needsIncident: false,
  async run({ command, respond, ctx }) {
    const incidents = await listIncidents(ctx, command.user_id);
    await respond({ response_type: 'ephemeral', ...incidentList(incidents, ctx.now(), ctx.policy) });
  },
};
