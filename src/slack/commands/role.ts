import { z } from 'zod';
import { roleArg, userMentionArg, words } from '../../incidents/command-args.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { assignRole } from '../../usecases/assign-role.js';
import type { Subcommand } from './subcommand.js';

const usage = (policy: IncidentPolicy) =>
  `:information_source: Usage: \`/incident role <${policy.roleIds.join('|')}> @person\` — pick the person from the list Slack offers as you type @.`;

// The person is optional here so that naming nobody gets the use case's own refusal.
const roleArgs = (policy: IncidentPolicy) => z.union([z.tuple([roleArg(policy)]), z.tuple([roleArg(policy), userMentionArg])]);

/** `/incident role comms @bob` gives a role to a person; a new holder is a handoff. */
export const roleSubcommand: Subcommand = {
  name: 'role',
  usage: 'role <role> <@user>',
  summary: 'assign a role',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    const parsed = roleArgs(ctx.policy).safeParse(words(args));
    if (!parsed.success) {
      await respond({ response_type: 'ephemeral', text: usage(ctx.policy) });
      return;
    }
    const [role, userId] = parsed.data;
    const change = await assignRole(ctx, { incidentNumber: incident!.number, role, userId, assignedBy: command.user_id });
    if (change.kind === 'unchanged') {
      await respond({ response_type: 'ephemeral', text: `:information_source: <@${change.userId}> already is the ${ctx.policy.roleTitle(role)}.` });
    }
  },
};
