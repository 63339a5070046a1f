import { z } from 'zod';
import { parseDuration } from '../config.js';
import { type IncidentRule, RULE_EVENTS } from '../incidents/rules.js';
import { INCIDENT_STATES } from '../incidents/types.js';
import { alertsSchema, followupsSchema, pagingSchema } from './integrations-schema.js';

/**
 * The schema of `sitrep.yaml`, where an organisation writes its incident process. Every field says
 * what it is (`.describe()`), so `sitrep config schema` gives editors completions with help text.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 lowercase letters, digits, - or _, starting with a letter or digit');

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 90s, 15m or 1h` });
    return z.NEVER;
  }
  return ms;
});

/** A user group (S…) or a person (U…/W…), as Slack writes their IDs. */
const invitee = z.string().regex(/^[SUW][A-Z0-9]{2,}$/, 'must be a user group ID (S…) or a person ID (U…)');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel ID such as C0123456789');
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const items = z.array(z.string().trim().min(1).max(200)).min(1);

/** One filter value or several. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

const severity = z
  .strictObject({
    id: id.describe('what people type: /incident declare <id> …, /incident severity <id>'),
    label: z.string().trim().min(1).max(20).optional().describe('shown on cards, topics and lists (default: the id in capitals)'),
    description: z.string().max(200).optional().describe('what this severity means, shown in the declare form'),
    update_every: duration.describe('an open incident is stale after this long without a status update (90s, 15m, 1h)'),
    major: z.boolean().default(false).describe('updates also go under the announcement; nudges escalate there'),
  })
  .transform((s) => ({ id: s.id, label: s.label ?? s.id.toUpperCase(), description: s.description, updateEveryMs: s.update_every, major: s.major }));

const role = z
  .strictObject({
    id: id.describe('what people type: /incident role <id> @person'),
    title: z.string().trim().min(1).max(60).describe('shown on the card and in handoff messages'),
    instructions: z.string().max(1000).optional().describe('sent to whoever takes the role'),
  })
  .transform((r) => ({ id: r.id, title: r.title, instructions: r.instructions }));

const incidentType = z
  .strictObject({
    id: id.describe('the type chosen in the declare form'),
    title: z.string().trim().min(1).max(75).describe('shown in the declare form and on the card'),
    private: z.boolean().default(false).describe('declared private unless the form says otherwise'),
    default_severity: id.optional().describe('the severity the declare form starts with for this type'),
    invite: z.array(invitee).default([]).describe('user groups (S…) and people (U…) invited when declared'),
    runbook: url.optional().describe('bookmarked in the channel and shown on the card'),
    checklist: z.array(z.string().trim().min(1).max(200)).default([]).describe('items to tick in the incident channel'),
  })
  .transform((t) => ({
    id: t.id,
    title: t.title,
    private: t.private,
    defaultSeverity: t.default_severity,
    invite: t.invite,
    runbook: t.runbook,
    checklist: t.checklist,
  }));

const action = z.union([
  z.strictObject({ invite: z.array(invitee).min(1).describe('user groups (S…) and people (U…) to invite') }),
  z.strictObject({
    notify: z
      .strictObject({
        channel: channelId.describe('where to post'),
        text: z.string().trim().min(1).max(2000).describe('placeholders: {key} {title} {severity} {state} {type} {channel} {commander} {url}'),
      })
      .describe('posts a message in another channel'),
  }),
  z.strictObject({ post: z.string().trim().min(1).max(2000).describe('posts a message in the incident channel') }),
  z.strictObject({
    bookmark: z.strictObject({ title: z.string().trim().min(1).max(100), url }).describe('bookmarks a link in the incident channel'),
  }),
  z.strictObject({ checklist: items.describe('adds items to the incident checklist') }),
  z.strictObject({ page: z.strictObject({ target: id.describe('a target under paging.targets') }).describe('pages a target (see paging)') }),
]);

const rule = z
  .strictObject({
    name: id.describe('names the rule on the timeline'),
    when: z
      .strictObject({
        event: z.enum(RULE_EVENTS).describe('the change that triggers the rule'),
        severity: oneOrMany(id).optional().describe('only for incidents of these severities'),
        type: oneOrMany(id).optional().describe('only for incidents of these types'),
        state: oneOrMany(z.enum(INCIDENT_STATES)).optional().describe('only for incidents in these states'),
        private: z.boolean().optional().describe('only for private (true) or public (false) incidents'),
      })
      .describe('when the rule runs: one event, optional filters (all must match)'),
    do: z.array(action).min(1).describe('what the rule does, in order'),
  })
  .transform((r): IncidentRule => ({ name: r.name, when: r.when, actions: r.do }));

export const processFileSchema = z
  .strictObject({
    severities: z.array(severity).min(1).describe('most severe first; at least one'),
    default_severity: id.optional().describe('severity when a quick declare names none (default: the last severity)'),
    roles: z.array(role).min(1).optional().describe('the first is the commander role; default commander, comms, ops'),
    types: z.array(incidentType).default([]).describe('kinds of incident with their own defaults, invites, runbook and checklist'),
    rules: z.array(rule).default([]).describe('when this happens to an incident, do that'),
    alerts: alertsSchema.optional(),
    paging: pagingSchema.optional(),
    followups: followupsSchema.optional(),
  })
  .superRefine((file, ctx) => {
    const severityIds = uniqueIds(file.severities, ['severities'], ctx);
    if (file.roles) uniqueIds(file.roles, ['roles'], ctx);
    const typeIds = uniqueIds(file.types, ['types'], ctx);
    uniqueIds(
      file.rules.map((r) => ({ id: r.name })),
      ['rules'],
      ctx,
      'name',
    );
    const knownSeverity = (value: string | undefined, path: (string | number)[]) => {
      if (value !== undefined && !severityIds.has(value)) {
        ctx.addIssue({ code: 'custom', path, message: `"${value}" is not one of the severities (${[...severityIds].join(', ')})` });
      }
    };
    knownSeverity(file.default_severity, ['default_severity']);
    file.types.forEach((t, i) => knownSeverity(t.defaultSeverity, ['types', i, 'default_severity']));
    const targets = new Set(Object.keys(file.paging?.targets ?? {}));
    file.rules.forEach((r, i) => {
      // A rule that failed its own checks is still its raw shape here: look only at what parsed.
      (Array.isArray(r.actions) ? r.actions : []).forEach((a, j) => {
        if (a && 'page' in a && a.page && !targets.has(a.page.target)) {
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'do', j, 'page', 'target'], message: `"${a.page.target}" is not one of paging.targets (${[...targets].join(', ') || 'none defined'})` });
        }
      });
      if (!r.when || !Array.isArray(r.when.severity ?? []) || !Array.isArray(r.when.type ?? [])) return;
      r.when.severity?.forEach((s, j) => knownSeverity(s, ['rules', i, 'when', 'severity', ...(r.when.severity!.length > 1 ? [j] : [])]));
      r.when.type?.forEach((t) => {
        if (!typeIds.has(t)) {
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'when', 'type'], message: `"${t}" is not one of the types (${[...typeIds].join(', ') || 'none defined'})` });
        }
      });
    });
    if (file.alerts) {
      Object.entries(file.alerts.severity_map ?? {}).forEach(([label, severity]) => knownSeverity(severity, ['alerts', 'severity_map', label]));
      (Array.isArray(file.alerts.routes) ? file.alerts.routes : []).forEach((route, i) => {
        if (route.type !== undefined && !typeIds.has(route.type)) {
          ctx.addIssue({ code: 'custom', path: ['alerts', 'routes', i, 'type'], message: `"${route.type}" is not one of the types (${[...typeIds].join(', ') || 'none defined'})` });
        }
      });
    }
  });

function uniqueIds(list: { id: string }[], path: string[], ctx: z.RefinementCtx, field = 'id'): Set<string> {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `"${item.id}" appears twice` });
    seen.add(item.id);
  });
  return seen;
}

export type ProcessFile = z.output<typeof processFileSchema>;
export type ProcessSeverity = ProcessFile['severities'][number];
export type ProcessRole = NonNullable<ProcessFile['roles']>[number];
export type IncidentTypeDefinition = ProcessFile['types'][number];
export type ProcessRule = ProcessFile['rules'][number];

/** The JSON Schema of the file as people write it, for editors (`sitrep config schema`). */
export function processFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(processFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Sitrep process file (sitrep.yaml)',
  };
}
