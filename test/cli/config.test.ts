import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, runSitrep } from '../support/cli-process.js';

describe('sitrep config', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('check names each problem of a broken file and exits 1; a good file passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-config-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      ['severities:', '  - { id: critical, update_every: 15m }', 'default_severity: minor', 'rules:', '  - name: heads-up', '    when: { event: severity_raised }', '    do:', '      - notify: { channel: execs, text: "{key}" }'].join('\n'),
    );
    const bad = await runSitrep(['config', 'check', broken], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${broken} has 2 problem(s):`);
    expect(bad.stderr).toContain('default_severity (line 3): "minor" is not one of the severities (critical)');
    expect(bad.stderr).toContain('rules[0].do[0].notify.channel (line 8): must be a channel ID such as C0123456789');
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const good = await runSitrep(['config', 'check', 'sitrep.example.yaml'], {});
    expect(good.code).toBe(0);
    expect(good.stdout.trim()).toBe('sitrep.example.yaml is valid: 3 severities, 4 roles, 1 type, 1 rule.');
  });

  it('show prints the effective process with values from the environment masked; schema prints JSON Schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-config-'));
    const file = join(dir, 'sitrep.yaml');
    writeFileSync(file, ['severities: [{ id: p1, update_every: 10m, major: true }]', 'types:', '  - { id: sec, title: Security, runbook: "https://wiki.example.com/${RUNBOOK_TOKEN}" }'].join('\n'));
    const shown = await runSitrep(['config', 'show'], { SITREP_CONFIG: file, RUNBOOK_TOKEN: 'tok-secret' });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('id: p1');
    expect(shown.stdout).toContain('update_every: 10m');
    expect(shown.stdout).toContain('title: Incident Commander');
    expect(shown.stdout).not.toContain('tok-secret');

    const builtIn = await runSitrep(['config', 'show'], { STALE_AFTER_SEV1: '5m' });
    expect(builtIn.stdout).toContain('# built-in process');
    expect(builtIn.stdout).toMatch(/id: sev1\n\s+label: SEV1\n\s+update_every: 5m/);

    const schema = await runSitrep(['config', 'schema'], {});
    expect(JSON.parse(schema.stdout).title).toBe('Sitrep process file (sitrep.yaml)');
  });
});
