import { findIncidentByChannel } from '../../db/incident-store.js';
import { IncidentError } from '../../incidents/errors.js';
import { byUrgency, dayIn } from '../../incidents/followup.js';
import { keyOf } from '../../incidents/incident.js';
import { incidentFollowups, ownedFollowups } from '../../usecases/followups.js';
import { followupList } from '../blocks/followup-message.js';
import type { Subcommand } from './subcommand.js';

/** `/incident followups` lists this incident's; `/incident followups mine` lists yours, anywhere. */
export const followupsSubcommand: Subcommand = {
  name: 'followups',
  usage: 'followups [mine]',
  summary: "this incident's follow-ups, or yours across incidents",
  // `mine` works anywhere: the incident is looked up here only for the plain form.
  needsIncident: false,
  async run({ args, command, respond, ctx }) {
    const today = dayIn(ctx.now(), ctx.config.timezone);
    if (args.trim().toLowerCase() === 'mine') {
      const mine = (await ownedFollowups(ctx, command.user_id, false)).sort(byUrgency);
      await respond({ response_type: 'ephemeral', text: followupList('*Your follow-ups*', mine, today, 'You own no follow-ups.') });
      return;
    }
    const incident = await findIncidentByChannel(ctx.db, command.channel_id);
    if (!incident) throw new IncidentError('not_an_incident_channel', {});
    const list = await incidentFollowups(ctx, incident.number);
    await respond({
      response_type: 'ephemeral',
      text: followupList(`*Follow-ups of ${keyOf(incident)}*`, list, today, `${keyOf(incident)} has no follow-ups yet. Add one with \`/incident followup <text>\`.`),
    });
  },
};
