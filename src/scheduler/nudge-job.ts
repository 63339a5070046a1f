import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sendDueNudges } from '../usecases/send-due-nudges.js';
import type { UseCaseContext } from '../usecases/context.js';
import type { Job } from './scheduler.js';

/** Sweeps for stale incidents on REMINDER_CRON. The replica id names this process's nudge claims. */
export function nudgeJob(ctx: UseCaseContext): Job {
  const replicaId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  return {
    name: 'stale-update nudges',
    cron: ctx.config.reminderCron,
    // The first cron tick comes within REMINDER_CRON's interval anyway.
    runAtStart: false,
    async run() {
      const result = await sendDueNudges(ctx, replicaId);
      if (result.sent + result.failed + result.gaveUp > 0) ctx.logger.info({ replica: replicaId, ...result }, 'nudge sweep done');
    },
  };
}
