import { EffectFailure } from '../../effects/effect-dispatcher.js';
import { pagingTarget, targetNames } from '../../paging/targets.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackContext } from '../context.js';
import type { Subcommand } from './subcommand.js';

async function onCallLine(ctx: SlackContext, name: string): Promise<string> {
  const target = pagingTarget(ctx.process, name);
  try {
    const people = await ctx.paging.onCall.get(name, () =>
      target.provider === 'pagerduty' ? ctx.paging.pagers.pagerduty.onCall(target.config) : ctx.paging.pagers.opsgenie.onCall(target.config),
    );
    const who = people.map((p) => `${escapeMrkdwn(p.name)}${p.detail ? ` (${escapeMrkdwn(p.detail)})` : ''}`).join(', ');
    return `• *${name}*: ${who || 'nobody is on call'}`;
  } catch (error) {
    const why = error instanceof EffectFailure ? error.message : 'the paging service could not be asked';
    return `• *${name}*: unknown (${escapeMrkdwn(why)})`;
  }
}

/** `/incident oncall [target]`: who is on call now for each target (or the one named). */
export const oncallSubcommand: Subcommand = {
  name: 'oncall',
  usage: 'oncall [target]',
  summary: 'who is on call now for the paging targets',
  needsIncident: false,
  async run({ args, respond, ctx }) {
    const names = args ? [args.split(/\s/)[0]!.toLowerCase()] : targetNames(ctx.process);
    if (names.length === 0) {
      await respond({ response_type: 'ephemeral', text: ':information_source: No paging targets are set up: add them under `paging.targets` in sitrep.yaml.' });
      return;
    }
    if (args) pagingTarget(ctx.process, names[0]!);
    const lines = await Promise.all(names.map((name) => onCallLine(ctx, name)));
    await respond({ response_type: 'ephemeral', text: `:telephone_receiver: On call now:\n${lines.join('\n')}` });
  },
};
