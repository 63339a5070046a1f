import type { Subcommand } from './subcommand.js';

/** Every subcommand of the product contract, in the order a responder meets them. */
export const HELP_LINES: readonly { usage: string; summary: string }[] = [
  { usage: 'declare', summary: 'open the declare form (title, severity, impact, commander, private)' },
  { usage: 'declare [sev1-sev4] <title>', summary: 'declare an incident at once' },
  { usage: 'update [investigating|identified|monitoring] <text>', summary: 'post a status update (no text: open the update form)' },
  { usage: 'severity <sev1-sev4>', summary: 'change the severity' },
  { usage: 'role <commander|comms|ops> <@user>', summary: 'assign a role' },
  { usage: 'roles', summary: 'open the roles form' },
  { usage: 'resolve [text]', summary: 'mark the incident resolved' },
  { usage: 'close', summary: 'resolve if needed and write the retrospective draft' },
  { usage: 'reopen', summary: 'take a resolved or closed incident back to investigating' },
  { usage: 'milestone <impact-started|detected|mitigated> <when>', summary: 'record when impact began, was detected or mitigated (14:05, 2026-11-21 14:05, 20m ago)' },
  { usage: 'info', summary: 'summary of this incident' },
  { usage: 'list', summary: 'open incidents' },
  { usage: 'stats [days]', summary: 'time to resolve per severity over the last N days (default 30)' },
  { usage: 'help', summary: 'this list' },
];

// Written once: help is the answer to every mistyped command, sometimes many at once.
const COMMAND_LINES = HELP_LINES.map((line) => `• \`/incident ${line.usage}\` — ${line.summary}`).join('\n');

export function helpText(intro = '*Sitrep* — incident response in Slack. Commands:'): string {
  return `${intro}\n${COMMAND_LINES}`;
}

export function isHelpRequest(subcommand: string): boolean {
  return subcommand === '' || subcommand === 'help';
}

export type { Subcommand };
