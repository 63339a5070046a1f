import { z } from 'zod';
import type { IncidentPolicy } from './policy.js';

/** `<@U123>` or `<@U123|bob>` (how Slack escapes a mention), or a bare user id. */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,})$/;

/** A person named in a command → their user id. */
export const userMentionArg = z
  .string()
  .trim()
  .regex(MENTION)
  .transform((v) => {
    const match = MENTION.exec(v)!;
    return (match[1] ?? match[2])!;
  });

/** A severity of the policy by id, any case; its position (`1` the most severe) too. */
export function severityArg(policy: IncidentPolicy) {
  return z
    .string()
    .transform((v, ctx) => policy.findSeverity(v)?.id ?? (ctx.addIssue({ code: 'custom', message: `not a severity: ${v}` }), z.NEVER));
}

/** A role of the policy by id or alias (`ic` for the commander), any case. */
export function roleArg(policy: IncidentPolicy) {
  return z
    .string()
    .transform((v, ctx) => policy.findRole(v)?.id ?? (ctx.addIssue({ code: 'custom', message: `not a role: ${v}` }), z.NEVER));
}

/** Splits arguments into words, keeping Slack's `<…|label with spaces>` escapes whole. */
export function words(args: string): string[] {
  return args.match(/<[^>]*>|\S+/g) ?? [];
}
