import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInProcess } from '../../src/process/default-process.js';
import { parseProcessFile, ProcessFileError } from '../../src/process/load-process-file.js';
import { processFileJsonSchema } from '../../src/process/process-schema.js';
import { showProcess } from '../../src/process/show-process.js';

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseProcessFile(text, 'sitrep.yaml', env);
  } catch (error) {
    if (error instanceof ProcessFileError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('the process file', () => {
  it('reads the example file shipped in the repository', () => {
    const { process } = parseProcessFile(readFileSync('sitrep.example.yaml', 'utf8'), 'sitrep.example.yaml', {});
    expect(process.severities.map((s) => [s.id, s.label, s.updateEveryMs, s.major])).toEqual([
      ['critical', 'CRITICAL', 15 * 60_000, true],
      ['major', 'MAJOR', 30 * 60_000, true],
      ['minor', 'MINOR', 2 * 3_600_000, false],
    ]);
    expect(process.default_severity).toBe('minor');
    expect(process.roles?.map((r) => r.id)).toEqual(['commander', 'comms', 'ops', 'scribe']);
    expect(process.types[0]).toMatchObject({ id: 'security', private: true, defaultSeverity: 'major', invite: ['S0SECURITY'] });
    expect(process.rules[0]).toMatchObject({
      name: 'critical-heads-up',
      when: { event: 'severity_raised', severity: ['critical'] },
      actions: [{ notify: { channel: 'C0EXECS' } }, { invite: ['U0VPENG'] }, { checklist: ['Open a status page incident'] }],
    });
  });

  it('names every problem with its path in the file and its line', () => {
    const problems = problemsOf(
      [
        'severities:',
        '  - id: sev1',
        '    update_every: soon',
        '  - id: sev1',
        '    update_every: 1h',
        'default_severity: sev9',
        'colour: blue',
        'rules:',
        '  - name: heads-up',
        '    when: { event: severity_raised, severity: [sev7] }',
        '    do:',
        '      - notify: { channel: "#execs", text: hi }',
      ].join('\n'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'severities[0].update_every (line 3): "soon" is not a duration like 90s, 15m or 1h',
        '(file) (line 1): unknown key "colour"',
        'rules[0].do[0].notify.channel (line 12): must be a channel ID such as C0123456789',
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('checks that ids are unique and that references name severities and types that exist', () => {
    const problems = problemsOf(
      [
        'severities:',
        '  - { id: sev1, update_every: 15m }',
        '  - { id: sev1, update_every: 1h }',
        'default_severity: sev9',
        'types:',
        '  - { id: security, title: Security, default_severity: sev5 }',
        'rules:',
        '  - name: r',
        '    when: { event: declared, severity: [sev1, sev7], type: payments }',
        '    do: [{ post: hello }]',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'severities[1].id (line 3): "sev1" appears twice',
      'default_severity (line 4): "sev9" is not one of the severities (sev1)',
      'types[0].default_severity (line 6): "sev5" is not one of the severities (sev1)',
      'rules[0].when.severity[1] (line 9): "sev7" is not one of the severities (sev1)',
      'rules[0].when.type (line 9): "payments" is not one of the types (security)',
    ]);
  });

  it('says which action keys are allowed when a rule action is unknown', () => {
    const problems = problemsOf(['severities: [{ id: sev1, update_every: 15m }]', 'rules:', '  - name: r', '    when: { event: closed }', '    do: [{ tweet: hello }]'].join('\n'));
    expect(problems).toEqual(['rules[0].do[0] (line 5): must be one of invite, notify, post, bookmark, checklist or page, with its fields']);
  });

  it('reports YAML syntax errors with their line and column', () => {
    const problems = problemsOf('severities:\n  - id: sev1\n   update_every: [15m\n');
    expect(problems[0]).toMatch(/^line \d+, column \d+: /);
  });

  it('replaces ${NAME} with the environment variable and names one that is missing', () => {
    const text = ['severities: [{ id: sev1, update_every: 15m }]', 'types:', '  - { id: sec, title: Sec, runbook: "${RUNBOOK_URL}/sec" }', '  - { id: ops, title: Ops, runbook: "${NOT_SET}" }'].join('\n');
    expect(problemsOf(text, { RUNBOOK_URL: 'https://wiki.example.com' })).toContain('types[1].runbook: the environment variable NOT_SET is not set');
    const loaded = parseProcessFile(text.split('\n').slice(0, 3).join('\n'), 'sitrep.yaml', { RUNBOOK_URL: 'https://wiki.example.com' });
    expect(loaded.process.types[0]!.runbook).toBe('https://wiki.example.com/sec');
    expect(loaded.fromEnvironment).toEqual(['types[0].runbook']);
    // What came from the environment is where secrets live: masked when shown.
    expect(showProcess(loaded.process, loaded.fromEnvironment)).toContain('runbook: "********"');
    expect(showProcess(loaded.process, loaded.fromEnvironment)).not.toContain('wiki.example.com');
  });

  it('shows the built-in process as the file that would give it, which reads back the same', () => {
    const builtIn = builtInProcess({ staleAfterMs: [15 * 60_000, 30 * 60_000, 3_600_000, 4 * 3_600_000], defaultSeverity: 'sev3' });
    const shown = showProcess(builtIn);
    expect(shown).toContain('update_every: 15m');
    expect(shown).toContain('update_every: 4h');
    const reread = parseProcessFile(shown, 'shown.yaml', {}).process;
    expect(reread.severities).toEqual(builtIn.severities.map((s) => ({ ...s, description: undefined })));
    expect(reread.roles).toEqual(builtIn.roles);
    expect(reread.default_severity).toBe('sev3');
  });

  it("reads the alerts, paging and follow-ups sections as the contract writes them, with secrets from the environment", () => {
    const text = [
      'severities: [{ id: sev1, update_every: 15m }, { id: sev2, update_every: 30m }]',
      'types: [{ id: payments, title: Payments }]',
      'alerts:',
      '  triage_channel: C0TRIAGE',
      '  severity_map: { critical: sev1, error: sev2 }',
      '  routes:',
      '    - { match: { team: payments }, type: payments, declare: true, invite: [S0PAYMENTS] }',
      '    - { match: { severity: "/^(info|debug)$/" }, ignore: true }',
      'paging:',
      '  targets:',
      '    payments-escalation: { pagerduty: { routing_key: "${PD_PAYMENTS_KEY}" } }',
      '    platform: { pagerduty: { service: PSVC123, escalation_policy: PEP123 } }',
      '    dba: { opsgenie: { responders: [{ type: team, name: dba }] } }',
      'followups:',
      '  tracker:',
      '    github: { repo: acme/ops, token: "${GITHUB_TOKEN}", labels: [incident-followup] }',
      'rules:',
      '  - { name: page-payments, when: { event: declared, type: payments }, do: [{ page: { target: payments-escalation } }] }',
    ].join('\n');
    const { process, fromEnvironment } = parseProcessFile(text, 'sitrep.yaml', { PD_PAYMENTS_KEY: 'R0UTINGKEY', GITHUB_TOKEN: 'ghp_x' });
    expect(process.alerts).toMatchObject({ triage_channel: 'C0TRIAGE', severity_label: 'severity', routes: [{ declare: true, type: 'payments' }, { ignore: true }] });
    expect(process.paging!.targets['payments-escalation']).toEqual({ pagerduty: { routing_key: 'R0UTINGKEY' }, include_title: false });
    expect(process.followups!.tracker).toEqual({ github: { repo: 'acme/ops', token: 'ghp_x', labels: ['incident-followup'] } });
    expect(fromEnvironment).toEqual(['paging.targets.payments-escalation.pagerduty.routing_key', 'followups.tracker.github.token']);
    const shown = showProcess(process, fromEnvironment);
    expect(shown).not.toMatch(/R0UTINGKEY|ghp_x/);
    expect(shown).toContain('routing_key: "********"');
    expect(shown).toContain('repo: acme/ops');

    expect(
      problemsOf(
        [
          'severities: [{ id: sev1, update_every: 15m }]',
          'alerts: { severity_map: { critical: p0 }, routes: [{ match: { team: "/[/" }, type: db }] }',
          'rules: [{ name: r, when: { event: declared }, do: [{ page: { target: nobody } }] }]',
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringMatching(/^alerts\.routes\[0\]\.match\.team \(line 2\): is not a valid regular expression/),
      'rules[0].do[0].page.target (line 3): "nobody" is not one of paging.targets (none defined)',
      'alerts.severity_map.critical (line 2): "p0" is not one of the severities (sev1)',
      'alerts.routes[0].type (line 2): "db" is not one of the types (none defined)',
    ]);
  });

  it('publishes a JSON Schema that describes the keys people write', () => {
    const schema = processFileJsonSchema() as { properties: Record<string, { description?: string }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['severities', 'default_severity', 'roles', 'types', 'rules', 'alerts', 'paging', 'followups']);
    expect(schema.required).toEqual(['severities']);
    expect(schema.properties.severities!.description).toBe('most severe first; at least one');
    expect(JSON.stringify(schema)).toContain('update_every');
  });
});
