import { z } from 'zod';
import { roleArg, userMentionArg, words } from '../../incidents/command-args.js';
import { ROLE_TITLES } from '../../incidents/types.js';
import { assignRole } from '../../usecases/assign-role.js';
import type { Subcommand } from './subcommand.js';

const USAGE =
  ':information_source: Usage: `/incident role <commander|comms|ops> @person` — pick the person from the list Slack offers as you type @.';

// The person is optional here so that naming nobody gets the use case's own refusal.
const roleArgs = z.union([z.tuple([roleArg]), z.tuple([roleArg, userMentionArg])]);

/** `/incident role comms @bob` gives a role to a person; a new holder is a handoff. */
export const roleSubcommand: Subcommand = {
  name: 'role',
  usage: 'role <commander|comms|ops> <@user>',
  summary: 'assign a role',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    const parsed = roleArgs.safeParse(words(args));
    if (!parsed.success) {
      await respond({ response_type: 'ephemeral', text: USAGE });
      return;
    }
    const [role, userId] = parsed.data;
    const change = await assignRole(ctx, { incidentNumber: incident!.number, role, userId, assignedBy: command.user_id });
    if (change.kind === 'unchanged') {
      await respond({ response_type: 'ephemeral', text: `:information_source: <@${change.userId}> already is the ${ROLE_TITLES[role]}.` });
    }
  },
};
