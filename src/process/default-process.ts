import type { ProcessFile } from './process-schema.js';

/** The Part 1 settings a process without a file is built from. */
export interface BuiltInProcessSettings {
  /** STALE_AFTER_SEV1 … STALE_AFTER_SEV4, in order. */
  staleAfterMs: [number, number, number, number];
  /** DEFAULT_SEVERITY. */
  defaultSeverity: string;
}

/**
 * The process Sitrep follows without a file: four severities with the STALE_AFTER_* cadences (the
 * first two major), the three roles, no types, no rules — exactly how Sitrep behaved before the file.
 */
export function builtInProcess(settings: BuiltInProcessSettings): ProcessFile {
  return {
    severities: settings.staleAfterMs.map((updateEveryMs, i) => ({
      id: `sev${i + 1}`,
      label: `SEV${i + 1}`,
      description: undefined,
      updateEveryMs,
      major: i < 2,
    })),
    default_severity: settings.defaultSeverity,
    roles: [
      {
        id: 'commander',
        title: 'Incident Commander',
        instructions:
          'You run the response: you decide, delegate and keep the roles filled. Keep the channel focused and ask for what you need.\n' +
          'Stepping away? Hand off with `/incident role commander @someone`.',
      },
      {
        id: 'comms',
        title: 'Communications Lead',
        instructions:
          "You post status updates on cadence (`/incident update …` or the card's *Post update* button) and keep stakeholders informed.\n" +
          'Each update says when the next one is due; Sitrep nudges you when it is late.',
      },
      {
        id: 'ops',
        title: 'Operations Lead',
        instructions:
          'You lead the hands-on investigation and the fix: gather the people and the data you need, try things, say what you try.\n' +
          'Tell the commander what you find and when the fix is in.',
      },
    ],
    types: [],
    rules: [],
  };
}
