import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/incidents/incident.js';
import { anIncident } from '../../support/incident-fixture.js';
import { declareModal } from '../../../src/slack/blocks/declare-modal.js';
import { todaysPolicyDefaulting } from '../../support/policy.js';

const incident = (number: number, overrides: Partial<Incident> = {}) =>
  anIncident({ number, title: `Incident <${number}>`, nextUpdateDueAt: new Date('2026-11-21T14:00:00Z'), ...overrides });

describe('the declare form', () => {
  it('has no open-incidents notice until there are open incidents', () => {
    const view = declareModal({ declarerId: 'UALICE', policy: todaysPolicyDefaulting('sev2') });
    expect(view.blocks.map((b) => b.block_id)).toEqual(['declare_title', 'declare_severity', 'declare_description', 'declare_commander', 'declare_private']);
  });

  it('lists ten open incidents, escapes their titles, hides private ones and sums up the rest', () => {
    const open = Array.from({ length: 12 }, (_, i) => incident(i + 1, { private: i === 1 }));
    const notice = declareModal({ declarerId: 'UALICE', policy: todaysPolicyDefaulting('sev2'), openIncidents: open }).blocks[0]!;
    const text = (notice as { text: { text: string } }).text.text;
    expect(text).toContain('• INC-1 Incident &lt;1&gt; is already open');
    expect(text).toContain('• INC-2 (private incident) is already open');
    expect(text).not.toContain('Incident &lt;2&gt;');
    expect(text).toContain('INC-10 ');
    expect(text).not.toContain('INC-11 ');
    expect(text).toContain('…and 2 more');
  });
});
