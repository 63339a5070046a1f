import { describe, expect, it } from 'vitest';
import { decideRoleChange, holderOf, roleNote } from '../../src/incidents/roles.js';
import { todaysPolicy } from '../support/policy.js';

const incident = { declarerId: 'UALICE' };

describe('role handoffs', () => {
  it('treats the declarer as commander until someone else is', () => {
    expect(holderOf(incident, {}, 'commander', todaysPolicy)).toBe('UALICE');
    expect(holderOf(incident, { commander: 'UCAROL' }, 'commander', todaysPolicy)).toBe('UCAROL');
    expect(holderOf(incident, {}, 'comms', todaysPolicy)).toBeUndefined();
  });

  it('changes nothing when the holder takes the role again', () => {
    expect(decideRoleChange(incident, {}, 'commander', 'UALICE', todaysPolicy)).toEqual({ kind: 'unchanged', role: 'commander', userId: 'UALICE' });
    expect(decideRoleChange(incident, { ops: 'UBOB' }, 'ops', 'UBOB', todaysPolicy).kind).toBe('unchanged');
  });

  it('assigns a role nobody held, with no previous holder', () => {
    expect(decideRoleChange(incident, {}, 'comms', 'UBOB', todaysPolicy)).toEqual({ kind: 'assigned', role: 'comms', userId: 'UBOB', previousUserId: null });
  });

  it('hands a held role over, naming the previous holder', () => {
    expect(decideRoleChange(incident, { comms: 'UCAROL' }, 'comms', 'UBOB', todaysPolicy)).toEqual({
      kind: 'handoff',
      role: 'comms',
      userId: 'UBOB',
      previousUserId: 'UCAROL',
    });
    expect(decideRoleChange(incident, {}, 'commander', 'UBOB', todaysPolicy)).toMatchObject({ kind: 'handoff', previousUserId: 'UALICE' });
  });

  it('tells a new holder what each role does in two or three lines', () => {
    for (const role of todaysPolicy.roleIds) {
      const lines = roleNote({ number: 4 }, role, todaysPolicy).split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(lines[0]).toContain('INC-4');
    }
    expect(roleNote({ number: 4 }, 'commander', todaysPolicy)).toMatch(/Incident Commander[\s\S]*decide, delegate/);
    expect(roleNote({ number: 4 }, 'comms', todaysPolicy)).toMatch(/Communications Lead[\s\S]*status updates on cadence[\s\S]*stakeholders/);
    expect(roleNote({ number: 4 }, 'ops', todaysPolicy)).toMatch(/Operations Lead[\s\S]*hands-on investigation and the fix/);
  });
});
