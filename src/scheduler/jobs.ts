import type { UseCaseContext } from '../usecases/context.js';
import type { Job } from './scheduler.js';

/** Every recurring job Sitrep runs. */
export function scheduledJobs(_ctx: UseCaseContext): Job[] {
  return [];
}
