import { BUILT_IN_ROLES, defaultPolicy, IncidentPolicy, type PolicySettings } from '../incidents/policy.js';
import type { ProcessFile } from './process-schema.js';

/**
 * The process Sitrep follows without a file, as the file that would give it (`sitrep config show`):
 * today's policy from the STALE_AFTER_* and DEFAULT_SEVERITY settings.
 */
export function builtInProcess(settings: PolicySettings): ProcessFile {
  const policy = defaultPolicy(settings);
  return {
    severities: policy.severities.map((s) => ({ id: s.id, label: s.label, description: undefined, updateEveryMs: s.updateEveryMs, major: s.major })),
    default_severity: policy.defaultSeverity,
    roles: policy.roles.map((r) => ({ id: r.id, title: r.title, instructions: r.instructions })),
    types: [],
    rules: [],
  };
}

/**
 * The incident policy a process file describes. Roles default to the built-in three; the default
 * severity, when the file names none, is the least severe. A role with the built-in comms id keeps
 * its part in nudges (mentioned with the commander), as without a file.
 */
export function policyFromProcess(process: ProcessFile): IncidentPolicy {
  const builtIn = new Map(BUILT_IN_ROLES.map((r) => [r.id, r]));
  return new IncidentPolicy({
    severities: process.severities.map((s) => ({ id: s.id, label: s.label, updateEveryMs: s.updateEveryMs, major: s.major })),
    defaultSeverity: process.default_severity ?? process.severities.at(-1)!.id,
    roles: process.roles
      ? process.roles.map((r) => ({
          id: r.id,
          title: r.title,
          ...(r.instructions ? { instructions: r.instructions } : {}),
          ...(builtIn.get(r.id)?.aliases ? { aliases: builtIn.get(r.id)!.aliases! } : {}),
          ...(builtIn.get(r.id)?.nudged ? { nudged: true } : {}),
        }))
      : BUILT_IN_ROLES,
  });
}
