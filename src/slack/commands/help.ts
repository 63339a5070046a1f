import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Subcommand } from './subcommand.js';

/** Every subcommand of the product contract, in the order a responder meets them, naming the policy's severities and roles. */
export function helpLines(policy: IncidentPolicy): readonly { usage: string; summary: string }[] {
  const severities = policy.severityChoices();
  return [
    { usage: 'declare', summary: 'open the declare form (title, severity, impact, commander, private)' },
    { usage: `declare [${severities}] <title>`, summary: 'declare an incident at once' },
    { usage: 'update [investigating|identified|monitoring] <text>', summary: 'post a status update (no text: open the update form)' },
    { usage: `severity <${severities}>`, summary: 'change the severity' },
    { usage: `role <${policy.roleIds.join('|')}> <@user>`, summary: 'assign a role' },
    { usage: 'roles', summary: 'open the roles form' },
    { usage: 'resolve [text]', summary: 'mark the incident resolved' },
    { usage: 'close', summary: 'resolve if needed and write the retrospective draft' },
    { usage: 'reopen', summary: 'take a resolved or closed incident back to investigating' },
    { usage: 'milestone <impact-started|detected|mitigated> <when>', summary: 'record when impact began, was detected or mitigated (14:05, 2026-11-21 14:05, 20m ago)' },
    { usage: 'info', summary: 'summary of this incident' },
    { usage: 'checklist', summary: "show this incident's checklist again" },
    { usage: 'list', summary: 'open incidents' },
    { usage: 'stats [days]', summary: 'time to resolve per severity over the last N days (default 30)' },
    { usage: 'help', summary: 'this list' },
  ];
}

/** The help answer for the policy. Its lines are written once: help is the answer to every mistyped command, sometimes many at once. */
export function helpTextFor(policy: IncidentPolicy): (intro?: string) => string {
  const commandLines = helpLines(policy).map((line) => `• \`/incident ${line.usage}\` — ${line.summary}`).join('\n');
  return (intro = '*Sitrep* — incident response in Slack. Commands:') => `${intro}\n${commandLines}`;
}

export function isHelpRequest(subcommand: string): boolean {
  return subcommand === '' || subcommand === 'help';
}

export type { Subcommand };
