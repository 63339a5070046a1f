import { keyOf } from '../../incidents/incident.js';
import { severityArg } from '../../incidents/command-args.js';
import { changeSeverity } from '../../usecases/change-severity.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Subcommand } from './subcommand.js';

const usage = (policy: IncidentPolicy) =>
  `:information_source: Usage: \`/incident severity <${policy.severityIds.join('|')}>\` (${policy.severityIds[0]} is the worst).`;

/** `/incident severity <id>` changes the severity of this channel's incident. */
export const severitySubcommand: Subcommand = {
  name: 'severity',
  usage: 'severity <severity>',
  summary: 'change the severity',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    const severity = severityArg(ctx.policy).safeParse(args);
    if (!severity.success) {
      await respond({ response_type: 'ephemeral', text: usage(ctx.policy) });
      return;
    }
    const result = await changeSeverity(ctx, { incidentNumber: incident!.number, severity: severity.data, changedBy: command.user_id });
    if (!result.changed) {
      await respond({ response_type: 'ephemeral', text: `:information_source: ${keyOf(result.incident)} is already ${ctx.policy.label(severity.data)}.` });
    }
  },
};
