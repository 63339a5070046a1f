import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Today's process (severities, roles) with this `followups.tracker` entry, e.g. `jira: { … }`. */
export function processFileWithTracker(tracker: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sitrep-followups-')), 'sitrep.yaml');
  writeFileSync(
    file,
    [
      'severities:',
      '  - { id: sev1, update_every: 15m }',
      '  - { id: sev2, update_every: 30m }',
      '  - { id: sev3, update_every: 1h }',
      '  - { id: sev4, update_every: 4h }',
      'default_severity: sev3',
      'roles:',
      '  - { id: commander, title: Incident commander }',
      '  - { id: comms, title: Communications lead }',
      '  - { id: ops, title: Operations lead }',
      'followups:',
      '  tracker:',
      `    ${tracker}`,
      '',
    ].join('\n'),
  );
  return file;
}
