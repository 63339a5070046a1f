import { pagingTarget, targetNames } from '../../paging/targets.js';
import { pageTarget } from '../../usecases/page-target.js';
import { pagedNotice } from '../blocks/incident-notices.js';
import { openPageModal } from '../open-page-modal.js';
import type { Subcommand } from './subcommand.js';

/** `/incident page` opens the form; `/incident page <target> [message]` pages at once. */
export const pageSubcommand: Subcommand = {
  name: 'page',
  usage: 'page [target] [message]',
  summary: 'page a PagerDuty or Opsgenie target (no target: a form)',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    if (args === '') {
      if (targetNames(ctx.process).length === 0) {
        await respond({ response_type: 'ephemeral', text: ':information_source: No paging targets are set up: add them under `paging.targets` in sitrep.yaml.' });
        return;
      }
      await openPageModal(ctx, command.trigger_id, incident!);
      return;
    }
    const space = args.search(/\s/);
    const target = (space === -1 ? args : args.slice(0, space)).toLowerCase();
    const message = space === -1 ? null : args.slice(space + 1).trim() || null;
    const provider = pagingTarget(ctx.process, target).provider;
    const { again } = await pageTarget(ctx, { incidentNumber: incident!.number, target, message, urgency: 'high', by: command.user_id });
    await respond({ response_type: 'in_channel', ...pagedNotice(incident!, { by: command.user_id, target, provider, message, again }) });
  },
};
