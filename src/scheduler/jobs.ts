import type { UseCaseContext } from '../usecases/context.js';
import { followupReminderJob, retroDueJob } from './followup-jobs.js';
import { nudgeJob } from './nudge-job.js';
import { resumeDeclarationsJob } from './resume-declarations-job.js';
import type { Job } from './scheduler.js';
import { reconcileTimelinesJob, timelineRecoveryJob } from './timeline-jobs.js';

/** Every recurring job Sitrep runs. */
export function scheduledJobs(ctx: UseCaseContext): Job[] {
  return [nudgeJob(ctx), reconcileTimelinesJob(ctx), timelineRecoveryJob(ctx), resumeDeclarationsJob(ctx), followupReminderJob(ctx), retroDueJob(ctx)];
}
