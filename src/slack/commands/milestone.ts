import { z } from 'zod';
import { keyOf } from '../../incidents/incident.js';
import { EARLIEST_MILESTONE, isPlausibleMilestone, parseMilestoneTime } from '../../incidents/milestone-time.js';
import { milestoneLabel } from '../../incidents/milestones.js';
import { formatClock, formatDateTime, formatDuration } from '../../incidents/time.js';
import { MILESTONES, type Milestone } from '../../incidents/types.js';
import { recordMilestone } from '../../usecases/record-milestone.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import type { Subcommand } from './subcommand.js';

const WHEN_FORMATS = '`14:05`, `2026-11-21 14:05` or `20m ago`';

const usage = (timeZone: string) =>
  `:information_source: Usage: \`/incident milestone <impact-started|detected|mitigated> <when>\`, when as ${WHEN_FORMATS} (times in ${timeZone}).`;

const ALIASES: Record<string, Milestone> = { impact: 'impact-started', impact_started: 'impact-started', started: 'impact-started' };

const milestoneArg = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => ALIASES[v] ?? v)
  .pipe(z.enum(MILESTONES));

/** `/incident milestone impact-started 14:05` records when impact began, was detected or mitigated. */
export const milestoneSubcommand: Subcommand = {
  name: 'milestone',
  usage: 'milestone <impact-started|detected|mitigated> <when>',
  summary: 'record when impact began, was detected or mitigated',
  needsIncident: true,
  async run({ args, command, respond, ctx, incident }) {
    const timeZone = ctx.config.timezone;
    const space = args.search(/\s/);
    const milestone = milestoneArg.safeParse(space === -1 ? args : args.slice(0, space));
    const when = space === -1 ? '' : args.slice(space + 1).trim();
    if (!milestone.success || when === '') {
      await respond({ response_type: 'ephemeral', text: usage(timeZone) });
      return;
    }
    const now = ctx.now();
    const at = parseMilestoneTime(when, now, timeZone);
    if (!at) {
      const typed = escapeMrkdwn(truncate(when, 60));
      await respond({ response_type: 'ephemeral', text: `:information_source: I cannot read "${typed}" as a time. Use ${WHEN_FORMATS} (times in ${timeZone}).` });
      return;
    }
    if (!isPlausibleMilestone(at)) {
      const typed = escapeMrkdwn(truncate(when, 60));
      await respond({ response_type: 'ephemeral', text: `:information_source: "${typed}" is before ${EARLIEST_MILESTONE.getUTCFullYear()}; a milestone records when something in this incident happened.` });
      return;
    }
    const recorded = await recordMilestone(ctx, { incidentNumber: incident!.number, milestone: milestone.data, at, recordedBy: command.user_id });
    const was = recorded.previous ? ` (was ${formatDateTime(recorded.previous, timeZone)})` : '';
    await respond({
      response_type: 'ephemeral',
      text: `:white_check_mark: ${keyOf(recorded.incident)}: ${milestoneLabel(milestone.data)} at ${formatClock(at, timeZone)} (${formatDateTime(at, timeZone)}, ${formatDuration(now.getTime() - at.getTime())} ago)${was}. The retrospective uses it.`,
    });
  },
};
