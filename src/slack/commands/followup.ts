import { IncidentError } from '../../incidents/errors.js';
import { FOLLOWUP_TEXT_MAX, followupKey, parseFollowupArgs } from '../../incidents/followup.js';
import { createFollowup } from '../../usecases/followups.js';
import { escapeMrkdwn, mention } from '../blocks/text.js';
import type { Subcommand } from './subcommand.js';

/** `/incident followup <text> [@owner] [due YYYY-MM-DD | in Nd]`: an action item, owned by you unless named. */
export const followupSubcommand: Subcommand = {
  name: 'followup',
  usage: 'followup <text> [@owner] [due YYYY-MM-DD | in Nd]',
  summary: 'record a follow-up (action item) for after the incident',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    const parsed = parseFollowupArgs(args, ctx.now(), ctx.config.timezone);
    if (!parsed.ok) throw new IncidentError('followup_invalid', { problem: parsed.problem, maxLength: FOLLOWUP_TEXT_MAX });
    const followup = await createFollowup(ctx, {
      incidentNumber: incident!.number,
      text: parsed.text,
      ownerId: parsed.ownerId,
      dueDate: parsed.dueDate,
      createdBy: command.user_id,
      sourceLink: null,
    });
    const due = followup.dueDate ? `, due ${followup.dueDate}` : '';
    await respond({
      response_type: 'ephemeral',
      text: `:white_check_mark: ${followupKey(followup)} recorded for ${mention(followup.ownerId)}${due}: ${escapeMrkdwn(followup.text)}`,
    });
  },
};
