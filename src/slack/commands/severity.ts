import { keyOf } from '../../incidents/incident.js';
import { severityArg } from '../../incidents/command-args.js';
import { changeSeverity } from '../../usecases/change-severity.js';
import { severityLabel } from '../blocks/text.js';
import type { Subcommand } from './subcommand.js';

const USAGE = ':information_source: Usage: `/incident severity <sev1|sev2|sev3|sev4>` (sev1 is the worst).';

/** `/incident severity sev1` changes the severity of this channel's incident. */
export const severitySubcommand: Subcommand = {
  name: 'severity',
  usage: 'severity <sev1-sev4>',
  summary: 'change the severity',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    const severity = severityArg.safeParse(args);
    if (!severity.success) {
      await respond({ response_type: 'ephemeral', text: USAGE });
      return;
    }
    const result = await changeSeverity(ctx, { incidentNumber: incident!.number, severity: severity.data, changedBy: command.user_id });
    if (!result.changed) {
      await respond({ response_type: 'ephemeral', text: `:information_source: ${keyOf(result.incident)} is already ${severityLabel(severity.data)}.` });
    }
  },
};
