import type { Role, Severity } from './types.js';

/** One severity of the organisation's process. */
export interface SeverityPolicy {
  /** What people type: `/incident declare sev1 …`, `/incident severity sev1`. Lower case. */
  id: Severity;
  /** Shown on cards, topics and lists, e.g. `SEV1`. */
  label: string;
  /** An open incident is stale after this long without a status update. */
  updateEveryMs: number;
  /** Updates also go under the announcement; nudges escalate there; raising to it is announced. */
  major: boolean;
}

/** One role of the organisation's process. */
export interface RolePolicy {
  /** What people type: `/incident role comms @bob`. Lower case. */
  id: Role;
  title: string;
  /** Sent to whoever takes the role. */
  instructions?: string;
  /** Other words people type for it (`ic` for the commander). */
  aliases?: readonly string[];
  /** Mentioned with the commander in stale-update nudges: the role that posts updates. */
  nudged?: boolean;
}

export interface PolicyDefinition {
  /** Most severe first; at least one. */
  severities: readonly SeverityPolicy[];
  defaultSeverity: Severity;
  /** The first is the commander role: the declarer holds it until someone else does. */
  roles: readonly RolePolicy[];
}

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/**
 * The incident process: which severities and roles exist, in which order, and what they mean.
 * Pure data with the questions the domain asks of it; built once at start (see `defaultPolicy`).
 */
export class IncidentPolicy {
  readonly severities: readonly SeverityPolicy[];
  readonly defaultSeverity: Severity;
  readonly roles: readonly RolePolicy[];

  constructor(definition: PolicyDefinition) {
    const problems = policyProblems(definition);
    if (problems.length > 0) throw new PolicyError(`The incident process has ${problems.length} problem(s): ${problems.join('; ')}`);
    this.severities = definition.severities.map((s) => ({ ...s, id: s.id.toLowerCase() }));
    this.defaultSeverity = definition.defaultSeverity.toLowerCase();
    this.roles = definition.roles.map((r) => ({ ...r, id: r.id.toLowerCase(), aliases: r.aliases?.map((a) => a.toLowerCase()) }));
  }

  get severityIds(): Severity[] {
    return this.severities.map((s) => s.id);
  }

  get roleIds(): Role[] {
    return this.roles.map((r) => r.id);
  }

  get leastSevere(): SeverityPolicy {
    return this.severities[this.severities.length - 1]!;
  }

  /** The role the declarer holds until someone else does. */
  get commanderRole(): RolePolicy {
    return this.roles[0]!;
  }

  /** The roles mentioned with the commander in nudges (the comms lead by default). */
  get nudgedRoles(): RolePolicy[] {
    return this.roles.filter((r) => r.nudged && r !== this.commanderRole);
  }

  /** The severity a person typed: its id in any case, or its position (`1` is the most severe). */
  findSeverity(text: string): SeverityPolicy | undefined {
    const typed = text.trim().toLowerCase();
    const byId = this.severities.find((s) => s.id === typed);
    if (byId) return byId;
    return /^[1-9]\d*$/.test(typed) ? this.severities[Number(typed) - 1] : undefined;
  }

  /**
   * Whether a word looks meant as a severity although it is none (`sev5` when ids are `sev1`…`sev4`):
   * such a word is refused, not taken as the start of a title.
   */
  looksLikeSeverity(word: string): boolean {
    const typed = word.toLowerCase();
    if (this.severities.some((s) => s.id === typed)) return true;
    const prefix = numberedPrefix(typed);
    return prefix !== undefined && this.severities.some((s) => numberedPrefix(s.id) === prefix);
  }

  /** The severity's definition; an id no longer in the process (a closed incident's) gets a neutral one. */
  severity(id: Severity): SeverityPolicy {
    return this.severities.find((s) => s.id === id) ?? { id, label: id.toUpperCase(), updateEveryMs: this.leastSevere.updateEveryMs, major: false };
  }

  label(id: Severity): string {
    return this.severity(id).label;
  }

  /** How long an open incident of this severity goes without an update before it is stale. */
  updateEveryMs(id: Severity): number {
    return this.severity(id).updateEveryMs;
  }

  isMajor(id: Severity): boolean {
    return this.severity(id).major;
  }

  /** 0 for the most severe; ids no longer in the process after every known one. */
  rank(id: Severity): number {
    const index = this.severities.findIndex((s) => s.id === id);
    return index === -1 ? this.severities.length : index;
  }

  /** Whether going from `from` to `to` makes the incident more severe. */
  isRaise(from: Severity, to: Severity): boolean {
    return this.rank(to) < this.rank(from);
  }

  /** Sorts by the process's order, most severe first (for lists and stats; not by text). */
  compareSeverity(a: Severity, b: Severity): number {
    return this.rank(a) - this.rank(b);
  }

  /** How people name the severities in usage lines: `sev1-sev4` for a numbered run, else `critical|major|minor`. */
  severityChoices(): string {
    const ids = this.severityIds;
    const prefix = numberedPrefix(ids[0]!);
    const first = Number(/\d+$/.exec(ids[0]!)?.[0]);
    const numbered = ids.length > 2 && prefix !== undefined && ids.every((id, i) => id === `${prefix}${first + i}`);
    return numbered ? `${ids[0]}-${ids[ids.length - 1]}` : ids.join('|');
  }

  /** The role a person typed: its id or an alias, any case. */
  findRole(text: string): RolePolicy | undefined {
    const typed = text.trim().toLowerCase();
    return this.roles.find((r) => r.id === typed) ?? this.roles.find((r) => r.aliases?.includes(typed));
  }

  /** The role's title; an id no longer in the process shows as itself. */
  roleTitle(id: Role): string {
    return this.roles.find((r) => r.id === id)?.title ?? id;
  }

  roleInstructions(id: Role): string | undefined {
    return this.roles.find((r) => r.id === id)?.instructions;
  }

  isCommanderRole(id: Role): boolean {
    return id === this.commanderRole.id;
  }

}

/** `sev` of `sev12`; undefined for an id that is not letters followed by a number. */
function numberedPrefix(id: string): string | undefined {
  return /^(.*\D)\d+$/.exec(id)?.[1];
}

const ID = /^[a-z0-9][a-z0-9_-]*$/;

/** Every problem of a definition, so all are reported at once. */
export function policyProblems(definition: PolicyDefinition): string[] {
  const problems: string[] = [];
  const check = (kind: string, ids: string[]) => {
    if (ids.length === 0) problems.push(`at least one ${kind} is needed`);
    for (const id of ids) if (!ID.test(id.toLowerCase())) problems.push(`${kind} id "${id}" must be letters, digits, - or _`);
    const seen = new Set<string>();
    for (const id of ids.map((i) => i.toLowerCase())) {
      if (seen.has(id)) problems.push(`${kind} id "${id}" is given twice`);
      seen.add(id);
    }
  };
  check('severity', definition.severities.map((s) => s.id));
  check('role', definition.roles.map((r) => r.id));
  for (const s of definition.severities) {
    if (!(Number.isFinite(s.updateEveryMs) && s.updateEveryMs > 0)) problems.push(`severity "${s.id}" needs a positive update interval`);
  }
  if (!definition.severities.some((s) => s.id.toLowerCase() === definition.defaultSeverity.toLowerCase())) {
    problems.push(`the default severity "${definition.defaultSeverity}" is not one of the severities`);
  }
  return problems;
}

/** The settings today's process is built from: STALE_AFTER_SEV1…4 in order, and DEFAULT_SEVERITY. */
export interface PolicySettings {
  defaultSeverity: string;
  staleAfterMs: readonly [number, number, number, number];
}

/** The built-in severities, most severe first; sev1 and sev2 are major. */
export const BUILT_IN_SEVERITIES = [
  { id: 'sev1', label: 'SEV1', major: true },
  { id: 'sev2', label: 'SEV2', major: true },
  { id: 'sev3', label: 'SEV3', major: false },
  { id: 'sev4', label: 'SEV4', major: false },
] as const;

/** The severity of a quick declare that names none, unless DEFAULT_SEVERITY says otherwise. */
export const BUILT_IN_DEFAULT_SEVERITY = 'sev3';

/** The built-in roles; the commander first. */
export const BUILT_IN_ROLES: readonly RolePolicy[] = [
  {
    id: 'commander',
    title: 'Incident Commander',
    aliases: ['ic'],
    instructions:
      'You run the response: you decide, delegate and keep the roles filled. Keep the channel focused and ask for what you need.\n' +
      'Stepping away? Hand off with `/incident role commander @someone`.',
  },
  {
    id: 'comms',
    title: 'Communications Lead',
    aliases: ['communications'],
    nudged: true,
    instructions:
      "You post status updates on cadence (`/incident update …` or the card's *Post update* button) and keep stakeholders informed.\n" +
      'Each update says when the next one is due; Sitrep nudges you when it is late.',
  },
  {
    id: 'ops',
    title: 'Operations Lead',
    aliases: ['operations'],
    instructions:
      'You lead the hands-on investigation and the fix: gather the people and the data you need, try things, say what you try.\n' +
      'Tell the commander what you find and when the fix is in.',
  },
];

/** Today's process from today's settings: sev1–sev4 with their STALE_AFTER windows, three roles. */
export function defaultPolicy(settings: PolicySettings): IncidentPolicy {
  return new IncidentPolicy({
    severities: BUILT_IN_SEVERITIES.map((s, i) => ({ ...s, updateEveryMs: settings.staleAfterMs[i]! })),
    defaultSeverity: settings.defaultSeverity,
    roles: BUILT_IN_ROLES,
  });
}
