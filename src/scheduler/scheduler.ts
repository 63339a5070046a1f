import cron, { type ScheduledTask } from 'node-cron';
import type { InFlight } from '../in-flight.js';
import type { Logger } from '../logger.js';

export interface Job {
  name: string;
  /** node-cron expression; a seconds field is allowed. */
  cron: string;
  /** Also run once right after start (work left over from before a restart). */
  runAtStart: boolean;
  /** The zone the cron reads in (default the machine's). */
  timezone?: string;
  run(): Promise<void>;
}

export interface Scheduler {
  /** Settles when every run-at-start job's first run has finished (failed runs are logged, not thrown). */
  startRuns: Promise<void>;
  stop(): Promise<void>;
}

/** Runs each job on its cron. A run still going when the next is due is skipped, not stacked. */
export function startScheduler(jobs: readonly Job[], inFlight: InFlight, logger: Logger): Scheduler {
  const log = logger.child({ component: 'scheduler' });
  const runLogged = (job: Job) =>
    inFlight.run(async () => {
      try {
        await job.run();
      } catch (error) {
        log.error({ err: error, job: job.name }, 'scheduled job failed; it runs again at its next time');
      }
    });

  const tasks: ScheduledTask[] = jobs.map((job) => {
    const task = cron.schedule(job.cron, () => runLogged(job), { name: job.name, noOverlap: true, suppressMissedWarning: true, ...(job.timezone ? { timezone: job.timezone } : {}) });
    return task;
  });
  const startRuns = Promise.all(jobs.filter((j) => j.runAtStart).map((job) => runLogged(job))).then(() => undefined);

  return {
    startRuns,
    async stop() {
      for (const task of tasks) await task.destroy();
    },
  };
}
