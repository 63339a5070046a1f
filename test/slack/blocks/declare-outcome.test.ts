import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/incidents/incident.js';
import { anIncident } from '../../support/incident-fixture.js';
import { declareOutcomeMessage } from '../../../src/slack/blocks/declare-outcome.js';
import { SlackCallError } from '../../../src/usecases/slack-gateway.js';
import { todaysPolicy } from '../../support/policy.js';

const incident = (number: number, overrides: Partial<Incident> = {}) =>
  anIncident({ number, title: `Incident <${number}>`, nextUpdateDueAt: new Date('2026-11-21T14:00:00Z'), ...overrides });

describe('what the declarer is told', () => {
  it('is the channel link once declared', () => {
    expect(declareOutcomeMessage({ status: 'declared', incident: incident(3) }, todaysPolicy).text).toBe(
      ':rotating_light: *INC-3* (SEV2) Incident &lt;3&gt; is declared: <#C0INC3>',
    );
  });

  it('is Slack\'s refusal in words when the channel could not be created', () => {
    const error = new SlackCallError('conversations.create', 'restricted_action', false);
    const text = declareOutcomeMessage({ status: 'abandoned', incident: incident(4, { channelId: null, abandonedAt: new Date() }), error }, todaysPolicy).text;
    expect(text).toContain('could not be declared');
    expect(text).toContain('this workspace does not let the bot create channels');
  });

  it('says the channel is retried when Slack could not make it yet', () => {
    const error = new SlackCallError('conversations.create', 'http_error_503', true);
    expect(declareOutcomeMessage({ status: 'pending', incident: incident(5, { channelId: null }), error }, todaysPolicy).text).toContain('Sitrep keeps trying');
  });

  it('says it is declared, and not to declare it again, when the database went away part-way', () => {
    const text = declareOutcomeMessage({ status: 'interrupted', incident: incident(6, { channelId: null }) }, todaysPolicy).text;
    expect(text).toContain('*INC-6* (SEV2) Incident &lt;6&gt; is declared');
    expect(text).toContain('will message you the link; no need to declare it again');
  });
});
