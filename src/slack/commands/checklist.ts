import { showChecklistAgain } from '../../usecases/tick-checklist.js';
import type { Subcommand } from './subcommand.js';

/** `/incident checklist`: posts this incident's checklist again, at the bottom of the channel. */
export const checklistSubcommand: Subcommand = {
  name: 'checklist',
  usage: 'checklist',
  summary: "shows this incident's checklist again",
  needsIncident: true,
  async run({ respond, ctx, incident }) {
    if (!(await showChecklistAgain(ctx, incident!.number))) {
      await respond({ response_type: 'ephemeral', text: 'This incident has no checklist: its type and the rules added no items.' });
    }
  },
};
