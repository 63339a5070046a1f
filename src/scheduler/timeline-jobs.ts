import type { UseCaseContext } from '../usecases/context.js';
import { reconcileAfterOutage, reconcileTimelines } from '../usecases/reconcile-timelines.js';
import type { Job } from './scheduler.js';

/** Every open incident's timeline against Slack's history: at start, then on RECONCILE_CRON. */
export function reconcileTimelinesJob(ctx: UseCaseContext): Job {
  return {
    name: 'reconcile-timelines',
    cron: ctx.config.reconcileCron,
    runAtStart: true,
    run: async () => {
      await reconcileTimelines(ctx);
    },
  };
}

/**
 * Channels where a message failed to store, reconciled as soon as the database answers again.
 * Checked every five seconds; with nothing noted it costs nothing.
 */
export function timelineRecoveryJob(ctx: UseCaseContext): Job {
  return {
    name: 'reconcile-timelines-after-outage',
    cron: '*/5 * * * * *',
    runAtStart: false,
    run: async () => {
      await reconcileAfterOutage(ctx);
    },
  };
}
