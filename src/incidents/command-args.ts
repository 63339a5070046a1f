import { z } from 'zod';
import { ROLES, type Role, SEVERITIES } from './types.js';

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

/** `sev1`…`sev4`, any case; a bare `1`…`4` too. */
export const severityArg = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => (/^[1-4]$/.test(v) ? `sev${v}` : v))
  .pipe(z.enum(SEVERITIES));

const ROLE_ALIASES: Record<string, Role> = {
  ic: 'commander',
  communications: 'comms',
  operations: 'ops',
};

/** `commander`, `comms`, `ops` (and `ic`, `communications`, `operations`). */
export const roleArg = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => ROLE_ALIASES[v] ?? v)
  .pipe(z.enum(ROLES));

/** Splits arguments into words, keeping Slack's `<…|label with spaces>` escapes whole. */
export function words(args: string): string[] {
  return args.match(/<[^>]*>|\S+/g) ?? [];
}
