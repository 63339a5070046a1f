import { describeIncident } from '../../usecases/describe-incident.js';
import { infoSummary } from '../blocks/info-summary.js';
import type { Subcommand } from './subcommand.js';

/** `/incident info`: an ephemeral summary of this channel's incident. */
export const infoSubcommand: Subcommand = {
  name: 'info',
  usage: 'info',
  summary: 'summary of this incident',
  needsIncident: true,
  async run({ respond, ctx, incident }) {
    const summary = await describeIncident(ctx, incident!.number);
    await respond({ response_type: 'ephemeral', ...infoSummary(summary, ctx.now(), ctx.config.timezone, ctx.policy) });
  },
};
