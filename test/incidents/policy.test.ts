import { describe, expect, it } from 'vitest';
import { defaultPolicy, IncidentPolicy, PolicyError } from '../../src/incidents/policy.js';

const MINUTE = 60_000;
const today = defaultPolicy({ defaultSeverity: 'sev3', staleAfterMs: [15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 240 * MINUTE] });

/** An organisation's own process, as sitrep.yaml will describe it. */
const custom = new IncidentPolicy({
  severities: [
    { id: 'critical', label: 'Critical', updateEveryMs: 10 * MINUTE, major: true },
    { id: 'major', label: 'Major', updateEveryMs: 30 * MINUTE, major: false },
    { id: 'minor', label: 'Minor', updateEveryMs: 120 * MINUTE, major: false },
  ],
  defaultSeverity: 'minor',
  roles: [
    { id: 'lead', title: 'Incident Lead', instructions: 'You decide.' },
    { id: 'scribe', title: 'Scribe', nudged: true },
  ],
});

describe("today's policy, from today's settings", () => {
  it('has sev1 to sev4 in order, labelled SEV1 to SEV4, with the STALE_AFTER cadences', () => {
    expect(today.severities).toEqual([
      { id: 'sev1', label: 'SEV1', updateEveryMs: 15 * MINUTE, major: true },
      { id: 'sev2', label: 'SEV2', updateEveryMs: 30 * MINUTE, major: true },
      { id: 'sev3', label: 'SEV3', updateEveryMs: 60 * MINUTE, major: false },
      { id: 'sev4', label: 'SEV4', updateEveryMs: 240 * MINUTE, major: false },
    ]);
    expect(today.defaultSeverity).toBe('sev3');
  });

  it('takes DEFAULT_SEVERITY as the default', () => {
    expect(defaultPolicy({ defaultSeverity: 'sev1', staleAfterMs: [1, 2, 3, 4] }).defaultSeverity).toBe('sev1');
  });

  it('treats sev1 and sev2 as major, as before', () => {
    expect(today.severityIds.filter((id) => today.isMajor(id))).toEqual(['sev1', 'sev2']);
  });

  it('has the commander, comms and ops roles with their titles; the commander first, comms nudged', () => {
    expect(today.roles.map((r) => [r.id, r.title])).toEqual([
      ['commander', 'Incident Commander'],
      ['comms', 'Communications Lead'],
      ['ops', 'Operations Lead'],
    ]);
    expect(today.commanderRole.id).toBe('commander');
    expect(today.nudgedRoles.map((r) => r.id)).toEqual(['comms']);
    for (const role of today.roles) expect(today.roleInstructions(role.id)).toMatch(/\n/);
  });

  it('names the severities and roles in usage lines as before', () => {
    expect(today.severityChoices()).toBe('sev1-sev4');
    expect(today.roleIds.join('|')).toBe('commander|comms|ops');
  });
});

describe('finding what a person typed', () => {
  it('finds a severity by id in any case, or by its position', () => {
    expect(today.findSeverity('SEV2')?.id).toBe('sev2');
    expect(today.findSeverity(' sev4 ')?.id).toBe('sev4');
    expect(today.findSeverity('1')?.id).toBe('sev1');
    expect(today.findSeverity('5')).toBeUndefined();
    expect(today.findSeverity('sev5')).toBeUndefined();
    expect(today.findSeverity('p1')).toBeUndefined();
    expect(custom.findSeverity('Critical')?.id).toBe('critical');
  });

  it('takes a word shaped like one of its severities for a severity, so a typo is refused, not made a title', () => {
    expect(today.looksLikeSeverity('sev5')).toBe(true);
    expect(today.looksLikeSeverity('Sev1')).toBe(true);
    expect(today.looksLikeSeverity('several')).toBe(false);
    expect(today.looksLikeSeverity('1')).toBe(false);
    expect(custom.looksLikeSeverity('critical')).toBe(true);
    expect(custom.looksLikeSeverity('sev1')).toBe(false);
  });

  it('finds a role by id or alias, in any case', () => {
    expect(today.findRole('IC')?.id).toBe('commander');
    expect(today.findRole('Communications')?.id).toBe('comms');
    expect(today.findRole('operations')?.id).toBe('ops');
    expect(today.findRole('scribe')).toBeUndefined();
    expect(custom.findRole('Scribe')?.id).toBe('scribe');
  });
});

describe('comparing severities by the policy order, not by text', () => {
  it('calls a move towards the first severity a raise', () => {
    expect(today.isRaise('sev3', 'sev1')).toBe(true);
    expect(today.isRaise('sev1', 'sev3')).toBe(false);
    expect(custom.isRaise('minor', 'critical')).toBe(true);
    // By text, "major" < "minor" < "critical" would not hold.
    expect(custom.isRaise('critical', 'major')).toBe(false);
  });

  it('sorts most severe first, ids no longer in the policy last', () => {
    expect(['minor', 'gone', 'critical', 'major'].sort((a, b) => custom.compareSeverity(a, b))).toEqual(['critical', 'major', 'minor', 'gone']);
  });
});

describe('a severity or role no longer in the policy', () => {
  it('shows as its id, is not major, and keeps the least severe cadence', () => {
    expect(custom.label('sev2')).toBe('SEV2');
    expect(custom.isMajor('sev1')).toBe(false);
    expect(custom.updateEveryMs('sev1')).toBe(120 * MINUTE);
    expect(custom.roleTitle('comms')).toBe('comms');
    expect(custom.roleInstructions('comms')).toBeUndefined();
  });
});

describe("an organisation's own policy", () => {
  it('labels, cadences and major flags come from its definition', () => {
    expect(custom.label('critical')).toBe('Critical');
    expect(custom.updateEveryMs('major')).toBe(30 * MINUTE);
    expect(custom.isMajor('critical')).toBe(true);
    expect(custom.isMajor('major')).toBe(false);
    expect(custom.severityChoices()).toBe('critical|major|minor');
  });

  it('makes its first role the commander role', () => {
    expect(custom.commanderRole.id).toBe('lead');
    expect(custom.isCommanderRole('lead')).toBe(true);
    expect(custom.roleTitle('scribe')).toBe('Scribe');
    expect(custom.nudgedRoles.map((r) => r.id)).toEqual(['scribe']);
  });

  it('refuses a definition naming every problem at once', () => {
    const broken = () =>
      new IncidentPolicy({
        severities: [
          { id: 'high', label: 'High', updateEveryMs: 0, major: true },
          { id: 'HIGH', label: 'High again', updateEveryMs: MINUTE, major: false },
        ],
        defaultSeverity: 'low',
        roles: [],
      });
    expect(broken).toThrow(PolicyError);
    expect(broken).toThrow(/4 problem\(s\)/);
    expect(broken).toThrow(/severity id "high" is given twice/);
    expect(broken).toThrow(/at least one role is needed/);
    expect(broken).toThrow(/"high" needs a positive update interval/);
    expect(broken).toThrow(/default severity "low" is not one of the severities/);
  });
});
