import type { UseCaseContext } from '../usecases/context.js';
import { sendFollowupReminders, sendRetroDueReminders } from '../usecases/send-followup-reminders.js';
import type { Job } from './scheduler.js';

/** Overdue follow-ups: one direct message per owner, on FOLLOWUP_REMINDER_CRON in TIMEZONE. */
export function followupReminderJob(ctx: UseCaseContext): Job {
  return {
    name: 'followup-reminders',
    cron: ctx.config.followupReminderCron,
    timezone: ctx.config.timezone,
    runAtStart: false,
    run: async () => {
      const { owners } = await sendFollowupReminders(ctx);
      if (owners.length > 0) ctx.logger.info({ owners: owners.length }, 'overdue follow-up reminders owed');
    },
  };
}

/** Resolved, not closed after RETRO_DUE_AFTER: looked at hourly, each commander told once a day. */
export function retroDueJob(ctx: UseCaseContext): Job {
  return {
    name: 'retro-due-reminders',
    cron: '7 * * * *',
    timezone: ctx.config.timezone,
    runAtStart: true,
    run: async () => {
      await sendRetroDueReminders(ctx);
    },
  };
}
