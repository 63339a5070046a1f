import { keyOf } from '../../incidents/incident.js';
import { pagingTarget, targetNames } from '../../paging/targets.js';
import { pageTarget } from '../../usecases/page-target.js';
import { escapeMrkdwn } from '../blocks/text.js';
import { openPageModal } from '../open-page-modal.js';
import type { Subcommand } from './subcommand.js';

const PROVIDER = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

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
    const provider = PROVIDER[pagingTarget(ctx.process, target).provider];
    const { again } = await pageTarget(ctx, { incidentNumber: incident!.number, target, message, urgency: 'high', by: command.user_id });
    await respond({
      response_type: 'in_channel',
      text: `:pager: <@${command.user_id}> ${again ? 'paged again' : 'paged'} *${target}* in ${provider} for ${keyOf(incident!)}${message ? `: ${escapeMrkdwn(message)}` : '.'}`,
    });
  },
};
