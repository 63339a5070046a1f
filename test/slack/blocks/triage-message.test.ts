import { describe, expect, it } from 'vitest';
import type { AlertMessageTarget, StoredAlert } from '../../../src/db/alert-store.js';
import { alertsCard, allAlertsResolvedMessage } from '../../../src/slack/blocks/alerts-card.js';
import { triageMessage } from '../../../src/slack/blocks/triage-message.js';
import { todaysPolicy } from '../../support/policy.js';

const at = new Date('2026-11-29T06:00:00Z');
const target = (changes: Partial<AlertMessageTarget> = {}): AlertMessageTarget => ({
  number: 7,
  title: 'CheckoutErrors: 5xx above 5%',
  severity: 'sev1',
  state: 'triage',
  source: 'alertmanager',
  triageChannelId: 'C0TRIAGE',
  triageTs: '1.0001',
  declinedBy: null,
  declinedReason: null,
  declarerId: 'alertmanager',
  channelId: null,
  alertsCardTs: null,
  mergedInto: null,
  abandoned: false,
  ...changes,
});
const alert = (fingerprint: string, status: 'firing' | 'resolved'): StoredAlert => ({
  fingerprint,
  status,
  labels: { alertname: 'CheckoutErrors', instance: fingerprint },
  annotations: {},
  links: [{ name: 'runbook', url: 'https://runbooks.example.com/checkout' }],
  startsAt: at,
  endsAt: null,
  firstSeenAt: at,
  lastSeenAt: at,
});

const actionIds = (blocks: unknown[]) => [...JSON.stringify(blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]);
const contextText = (blocks: unknown[]) => (blocks[1] as { elements: { text: string }[] }).elements[0]!.text;

describe('the triage message', () => {
  it('offers Accept, Decline and Merge into… while in triage, with the incident number as their value', () => {
    const message = triageMessage(todaysPolicy, target(), [alert('web-1', 'firing'), alert('web-2', 'resolved')]);
    expect(actionIds(message.blocks!)).toEqual(['alerts_accept', 'alerts_decline', 'alerts_merge']);
    const buttons = (message.blocks!.at(-1) as { elements: { value: string }[] }).elements;
    expect(buttons.map((b) => b.value)).toEqual(['7', '7', '7']);
    expect(contextText(message.blocks!)).toBe('Waiting in triage · 1 firing, 1 resolved · from alertmanager');
  });

  it('says how triage ended, without buttons', () => {
    const said = (changes: Partial<AlertMessageTarget>) => {
      const message = triageMessage(todaysPolicy, target(changes), [alert('web-1', 'firing')]);
      expect(actionIds(message.blocks!)).toEqual([]);
      return contextText(message.blocks!).split(' · ').slice(0, -2).join(' · ');
    };
    expect(said({ state: 'investigating', declarerId: 'UALICE', channelId: 'C0INC7' })).toBe('Accepted by <@UALICE> · <#C0INC7>');
    expect(said({ state: 'declined', declinedBy: 'UBOB', declinedReason: 'known <flaky> probe' })).toBe('Declined by <@UBOB>: known &lt;flaky&gt; probe');
    expect(said({ state: 'declined', declinedBy: 'alertmanager', declinedReason: 'resolved before triage' })).toBe('Declined: resolved before triage');
    expect(said({ state: 'declined', declinedBy: 'UBOB', declinedReason: 'merged into INC-3', mergedInto: 3 })).toBe('Merged into *INC-3* by <@UBOB>');
  });
});

describe('the alerts card and All alerts resolved', () => {
  it('shows the alerts with no buttons; All alerts resolved offers Mark monitoring', () => {
    const card = alertsCard(target({ state: 'investigating' }), [alert('web-1', 'resolved')]);
    expect(actionIds(card.blocks!)).toEqual([]);
    expect(card.text).toBe('INC-7 alerts: 0 firing, 1 resolved');
    expect(JSON.stringify(card.blocks)).toContain('<https://runbooks.example.com/checkout|runbook>');
    const resolved = allAlertsResolvedMessage(7);
    expect(resolved.text).toMatch(/^:white_check_mark: All alerts resolved\./);
    expect(actionIds(resolved.blocks!)).toEqual(['alerts_mark_monitoring']);
  });
});
