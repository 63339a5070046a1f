import type { IncidentError, IncidentErrorCode, IncidentErrorData } from '../incidents/errors.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { incidentKey } from '../incidents/types.js';
import { formatDateTime } from '../incidents/time.js';
import { SlackCallError } from '../usecases/slack-gateway.js';
import { describeSlackError } from './error-text.js';

/** How to quick-declare, naming the process's severities. */
export function quickDeclareUsage(policy: IncidentPolicy): string {
  return `Usage: \`/incident declare [${policy.severityChoices()}] <title>\`, or \`/incident declare\` alone for the form.`;
}

export const NOT_AN_INCIDENT_CHANNEL =
  'That command works in an incident channel. Run it in the channel of the incident you mean (`/incident list` shows them).';

type Sentences = { [C in IncidentErrorCode]: (data: IncidentErrorData[C], policy: IncidentPolicy) => string };

const ILLEGAL: Record<IncidentErrorData['illegal_transition']['action'], (d: IncidentErrorData['illegal_transition'], key: string) => string> = {
  update: (d, key) => `${key} is ${d.state}, so it takes no status updates. Use \`/incident reopen\` first if it needs more work.`,
  resolve: (d, key) => (d.state === 'closed' ? `${key} is closed; there is nothing to resolve. Use \`/incident reopen\` if it is back.` : `${key} is already resolved.`),
  close: (_, key) => `${key} is already closed. Use \`/incident reopen\` first; closing it again writes a new version of the retrospective.`,
  reopen: (d, key) => `${key} is still open (${d.state}); there is nothing to reopen.`,
  change: (d, key) => `${key} is closed, so its ${d.what ?? 'details'} can no longer change. Use \`/incident reopen\` first.`,
};

/** Every refusal a person can meet, in one style: what is wrong, then what to do. */
const SENTENCES: Sentences = {
  not_an_incident_channel: () => NOT_AN_INCIDENT_CHANNEL,
  incident_not_found: (d) => `There is no incident ${incidentKey(d.incident)}.`,
  incident_being_declared: (d) => `${incidentKey(d.incident)} is still being declared; try again in a moment.`,
  illegal_transition: (d) => ILLEGAL[d.action](d, incidentKey(d.incident)),
  update_keeps_open: () => 'A status update keeps the incident open. To resolve it use `/incident resolve [text]`; to close it, `/incident close`.',
  update_text_invalid: (d) => `A status update needs some text, at most ${d.maxLength} characters.`,
  quick_declare_invalid: (d, policy) => `${d.problem} ${quickDeclareUsage(policy)}`.trim(),
  milestone_in_future: (d) => `${formatDateTime(d.at, d.timeZone)} is in the future; a milestone records when ${d.milestone} already happened.`,
  role_holder_missing: (d, policy) => {
    const title = policy.roleTitle(d.role);
    switch (d.cause) {
      case 'unnamed':
        return `Name who takes the ${title} role, e.g. \`/incident role ${d.role} @alex\`.`;
      case 'unknown':
        return `There is no such person in this workspace to take the ${title} role.`;
      case 'deactivated':
        return `<@${d.userId}>'s account is deactivated; pick someone else as ${title}.`;
      case 'left_empty':
        return `The ${title} role cannot be left to nobody; pick who takes over from <@${d.current}>.`;
    }
  },
  role_holder_is_bot: (d, policy) => `<@${d.userId}> is a bot; the ${policy.roleTitle(d.role)} has to be a person.`,
  unknown_page_target: (d) =>
    d.known.length === 0 ? 'No paging targets are set up: add them under `paging.targets` in sitrep.yaml.' : `There is no paging target "${d.target}". Targets: ${d.known.map((t) => `\`${t}\``).join(', ')}.`,
  followup_owner_invalid: (d) =>
    d.cause === 'bot'
      ? `<@${d.userId}> is a bot; a follow-up is owned by a person.`
      : d.cause === 'deactivated'
        ? `<@${d.userId}>'s account is deactivated; pick someone else to own the follow-up.`
        : 'There is no such person in this workspace to own the follow-up.',
  followup_invalid: (d) =>
    `${d.problem === 'no_text' ? 'A follow-up needs some text.' : d.problem === 'too_long' ? `A follow-up is at most ${d.maxLength} characters.` : 'The due day is a date such as `due 2026-12-04`, or `in 3d`.'} Usage: \`/incident followup <text> [@owner] [due YYYY-MM-DD | in Nd]\`.`,
  followup_not_found: (d) => `There is no follow-up ${d.key}.`,
  triage_decided: (d) => {
    const key = incidentKey(d.incident);
    const by = d.by ? ` by <@${d.by}>` : '';
    if (d.mergedInto !== null) return `${key} was already merged into ${incidentKey(d.mergedInto)}${by}.`;
    if (d.state === 'declined') return `${key} was already declined${by}.`;
    if (d.state === 'triage') return `${key} is still waiting in triage.`;
    return `${key} was already accepted${by}; it is ${d.state} now.`;
  },
  merge_target_not_open: (d) => `${incidentKey(d.target)} is not an open incident, so ${incidentKey(d.incident)} cannot be merged into it. Pick an open one.`,
  stored_not_posted: (d) =>
    d.pending
      ? `${incidentKey(d.incident)}: the ${d.change} is stored; Slack has not posted it yet` +
        `${d.cause instanceof SlackCallError ? ` (${describeSlackError(d.cause)})` : ''}, Sitrep keeps trying and it will follow.`
      : `${incidentKey(d.incident)}: the ${d.change} is stored, but Slack could not post it` +
        `${d.cause instanceof SlackCallError ? ` (${describeSlackError(d.cause)})` : ''}.`,
};

/** The sentence a person reads for a refusal. */
export function refusalText(error: IncidentError, policy: IncidentPolicy): string {
  const sentence = (SENTENCES[error.code] as (data: unknown, policy: IncidentPolicy) => string)(error.data, policy);
  return `:information_source: ${sentence}${error.nothingChanged ? ' No roles were changed.' : ''}`;
}
