import { openRolesForm } from '../open-roles-form.js';
import type { Subcommand } from './subcommand.js';

/** `/incident roles` opens the roles form (three person pickers). */
export const rolesSubcommand: Subcommand = {
  name: 'roles',
  usage: 'roles',
  summary: 'open the roles form',
  needsIncident: true,
  async run({ command, ctx, incident }) {
    await openRolesForm(ctx, { incidentNumber: incident!.number, triggerId: command.trigger_id });
  },
};
