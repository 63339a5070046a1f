import { z } from 'zod';

/**
 * The sections of sitrep.yaml that connect Sitrep to other tools: where alerts go (`alerts`), whom
 * to page (`paging`), where follow-ups are tracked (`followups`). Checked here so a typo stops the
 * start with its path, like the rest of the file.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 lowercase letters, digits, - or _, starting with a letter or digit');
const invitee = z.string().regex(/^[SUW][A-Z0-9]{2,}$/, 'must be a user group ID (S…) or a person ID (U…)');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel ID such as C0123456789');
const secret = z.string().min(1, 'must not be empty (is the environment variable set?)');

/** A label value to match: the exact text, or `/regex/` for a regular expression. */
const labelMatcher = z.string().superRefine((value, ctx) => {
  const regex = /^\/(.*)\/$/.exec(value);
  if (!regex) return;
  try {
    new RegExp(regex[1]!);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
  }
});

const alertRoute = z
  .strictObject({
    match: z.record(z.string().min(1), labelMatcher).default({}).describe('label equality; "/regex/" values allowed; empty matches every alert'),
    type: id.optional().describe('the incident type an alert of this route declares'),
    declare: z.boolean().default(false).describe('skip triage: declare at once'),
    invite: z.array(invitee).default([]).describe('user groups (S…) and people (U…) invited when declared'),
    ignore: z.boolean().default(false).describe('answer 200 and store nothing'),
  })
  .describe('the first route whose labels match decides; no match: triage');

export const alertsSchema = z
  .strictObject({
    triage_channel: channelId.optional().describe('where new alert groups wait for a person to accept them (default INCIDENTS_CHANNEL)'),
    severity_label: z.string().min(1).default('severity').describe("the alert label that names the alert's severity"),
    severity_map: z.record(z.string().min(1), id).default({}).describe('alert severity label value → incident severity id'),
    routes: z.array(alertRoute).default([]),
  })
  .describe('alerts in: how Alertmanager, Grafana and generic webhooks become incidents');

const pagerDutyTarget = z.union([
  z.strictObject({ routing_key: secret.describe('Events API v2 integration key') }),
  z.strictObject({
    service: z.string().regex(/^P[A-Z0-9]+$/, 'must be a PagerDuty service ID such as PSVC123'),
    escalation_policy: z.string().regex(/^P[A-Z0-9]+$/, 'must be a PagerDuty escalation policy ID such as PEP123').optional(),
  }),
]);

const opsgenieResponder = z.strictObject({
  type: z.enum(['team', 'user', 'escalation', 'schedule']),
  name: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
});

const pagingTarget = z.union([
  z.strictObject({
    pagerduty: pagerDutyTarget.describe('an Events API v2 routing key, or a service (and escalation policy) for the REST API'),
    include_title: z.boolean().default(false).describe("send a private incident's title too"),
  }),
  z.strictObject({
    opsgenie: z.strictObject({ responders: z.array(opsgenieResponder).min(1), schedule: z.string().min(1).optional() }),
    include_title: z.boolean().default(false).describe("send a private incident's title too"),
  }),
]);

export const pagingSchema = z
  .strictObject({
    targets: z.record(id, pagingTarget).describe('named targets: /incident page <name>, rule action page: { target: <name> }'),
  })
  .describe('paging and on-call: PagerDuty and Opsgenie targets');

const githubTracker = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
  token: secret,
  labels: z.array(z.string().min(1)).default([]),
  api_url: z.url().optional().describe('GitHub Enterprise Server API URL (default https://api.github.com)'),
});

const jiraTracker = z.strictObject({
  url: z.url(),
  email: z.email(),
  token: secret,
  project: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as OPS'),
  issue_type: z.string().min(1).default('Task'),
});

export const followupsSchema = z
  .strictObject({
    tracker: z
      .union([z.strictObject({ github: githubTracker }), z.strictObject({ jira: jiraTracker })])
      .optional()
      .describe('every follow-up also becomes an issue here: github or jira'),
  })
  .describe('follow-ups: where action items are tracked');

export type AlertsSection = z.output<typeof alertsSchema>;
export type PagingSection = z.output<typeof pagingSchema>;
export type FollowupsSection = z.output<typeof followupsSchema>;
