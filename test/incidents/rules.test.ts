import { describe, expect, it } from 'vitest';
import { type IncidentRule, ruleRunKey, rulesTriggered, severityChangeEvents } from '../../src/incidents/rules.js';

const order = ['critical', 'major', 'minor'];
const rules: IncidentRule[] = [
  { name: 'critical-heads-up', when: { event: 'severity_raised', severity: ['critical'] }, actions: [{ post: 'Execs notified.' }] },
  { name: 'security-declared', when: { event: 'declared', type: ['security'] }, actions: [{ invite: ['S0SEC'] }] },
  { name: 'any-change', when: { event: 'severity_changed' }, actions: [{ checklist: ['Update the status page'] }] },
  { name: 'public-resolved', when: { event: 'resolved', private: false, state: ['resolved'] }, actions: [{ post: 'Thanks all' }] },
];
const subject = { severity: 'critical', type: null, state: 'investigating' as const, private: false };

describe('rules', () => {
  it('a raise to critical is both a change and a raise, and triggers the rules for each in file order', () => {
    const events = severityChangeEvents(order, 'minor', 'critical');
    expect(events).toEqual(['severity_changed', 'severity_raised']);
    expect(rulesTriggered(rules, events, subject).map((r) => r.name)).toEqual(['critical-heads-up', 'any-change']);
  });

  it('a lowering is only a change; no change is no event', () => {
    expect(severityChangeEvents(order, 'critical', 'minor')).toEqual(['severity_changed']);
    expect(severityChangeEvents(order, 'major', 'major')).toEqual([]);
    expect(rulesTriggered(rules, ['severity_changed'], { ...subject, severity: 'minor' }).map((r) => r.name)).toEqual(['any-change']);
  });

  it('filters by type, privacy and state; an incident without a type matches no type filter', () => {
    expect(rulesTriggered(rules, ['declared'], subject)).toEqual([]);
    expect(rulesTriggered(rules, ['declared'], { ...subject, type: 'security' }).map((r) => r.name)).toEqual(['security-declared']);
    expect(rulesTriggered(rules, ['resolved'], { ...subject, state: 'resolved', private: true })).toEqual([]);
    expect(rulesTriggered(rules, ['resolved'], { ...subject, state: 'resolved' }).map((r) => r.name)).toEqual(['public-resolved']);
  });

  it('keys a run by rule, incident and the change that triggered it', () => {
    expect(ruleRunKey(rules[0]!, 7, 'entry-42')).toBe('rule:critical-heads-up:7:entry-42');
  });
});
