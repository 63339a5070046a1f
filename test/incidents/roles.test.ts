import { describe, expect, it } from 'vitest';
import { decideRoleChange, holderOf, roleNote } from '../../src/incidents/roles.js';
import { ROLES } from '../../src/incidents/types.js';

const incident = { declarerId: 'UALICE' };

describe('role handoffs', () => {
  it('treats the declarer as commander until someone else is', () => {
    expect(holderOf(incident, {}, 'commander')).toBe('UALICE');
    expect(holderOf(incident, { commander: 'UCAROL' }, 'commander')).toBe('UCAROL');
    expect(holderOf(incident, {}, 'comms')).toBeUndefined();
  });

  it('changes nothing when the holder takes the role again', () => {
    expect(decideRoleChange(incident, {}, 'commander', 'UALICE')).toEqual({ kind: 'unchanged', role: 'commander', userId: 'UALICE' });
    expect(decideRoleChange(incident, { ops: 'UBOB' }, 'ops', 'UBOB').kind).toBe('unchanged');
  });

  it('assigns a role nobody held, with no previous holder', () => {
    expect(decideRoleChange(incident, {}, 'comms', 'UBOB')).toEqual({ kind: 'assigned', role: 'comms', userId: 'UBOB', previousUserId: null });
  });

  it('hands a held role over, naming the previous holder', () => {
    expect(decideRoleChange(incident, { comms: 'UCAROL' }, 'comms', 'UBOB')).toEqual({
      kind: 'handoff',
      role: 'comms',
      userId: 'UBOB',
      previousUserId: 'UCAROL',
    });
    expect(decideRoleChange(incident, {}, 'commander', 'UBOB')).toMatchObject({ kind: 'handoff', previousUserId: 'UALICE' });
  });

  it('tells a new holder what each role does in two or three lines', () => {
    for (const role of ROLES) {
      const lines = roleNote({ number: 4 }, role).split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(lines[0]).toContain('INC-4');
    }
    expect(roleNote({ number: 4 }, 'commander')).toMatch(/Incident Commander[\s\S]*decide, delegate/);
    expect(roleNote({ number: 4 }, 'comms')).toMatch(/Communications Lead[\s\S]*status updates on cadence[\s\S]*stakeholders/);
    expect(roleNote({ number: 4 }, 'ops')).toMatch(/Operations Lead[\s\S]*hands-on investigation and the fix/);
  });
});
