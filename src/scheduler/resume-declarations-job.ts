import type { UseCaseContext } from '../usecases/context.js';
import { resumePendingDeclarations } from '../usecases/resume-pending-declarations.js';
import type { Job } from './scheduler.js';

/** Declarations left part-way (a Slack failure, a restart) are continued every minute and at start. */
export function resumeDeclarationsJob(ctx: UseCaseContext): Job {
  return {
    name: 'resume-declarations',
    cron: '* * * * *',
    runAtStart: true,
    async run() {
      await resumePendingDeclarations(ctx);
    },
  };
}
