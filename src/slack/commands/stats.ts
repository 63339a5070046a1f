import { z } from 'zod';
import { statsOverDays } from '../../usecases/incident-stats.js';
import { statsTable } from '../blocks/stats-table.js';
import type { Subcommand } from './subcommand.js';

const USAGE = ':information_source: Usage: `/incident stats [days]`, days a whole number from 1 to 365 (default 30).';

const daysArg = z
  .string()
  .trim()
  .transform((v) => (v === '' ? '30' : v))
  .pipe(z.string().regex(/^\d{1,3}$/))
  .transform(Number)
  .pipe(z.number().int().min(1).max(365));

/** `/incident stats [days]`: count, time to resolve and to first update per severity, to the asker only. */
export const statsSubcommand: Subcommand = {
  name: 'stats',
  usage: 'stats [days]',
  summary: 'time to resolve per severity over the last N days (default 30)',
  needsIncident: false,
  async run({ args, respond, ctx }) {
    const days = daysArg.safeParse(args);
    if (!days.success) {
      await respond({ response_type: 'ephemeral', text: USAGE });
      return;
    }
    await respond({ response_type: 'ephemeral', ...statsTable(await statsOverDays(ctx, days.data), ctx.policy) });
  },
};
