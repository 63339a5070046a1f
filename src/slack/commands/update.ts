import { parseUpdateArgs } from '../../incidents/status-update.js';
import { openUpdateForm } from '../open-update-form.js';
import { postStatusUpdate } from '../../usecases/post-status-update.js';
import type { Subcommand } from './subcommand.js';

/** `/incident update [state] <text>` posts a status update; with no text it opens the update form. */
export const updateSubcommand: Subcommand = {
  name: 'update',
  usage: 'update [investigating|identified|monitoring] <text>',
  summary: 'post a status update (no text: open the update form)',
  needsIncident: true,
  async run({ args, command, ctx, incident }) {
    const { state, text } = parseUpdateArgs(args);
    if (text === '') {
      await openUpdateForm(ctx, { incidentNumber: incident!.number, triggerId: command.trigger_id, state });
      return;
    }
    await postStatusUpdate(ctx, { incidentNumber: incident!.number, authorId: command.user_id, text, state });
  },
};
