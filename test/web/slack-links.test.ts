import { describe, expect, it } from 'vitest';
import { incidentAnnouncement } from '../../src/slack/blocks/announcement.js';
import { incidentCard } from '../../src/slack/blocks/incident-card.js';
import { anIncident } from '../support/incident-fixture.js';
import { todaysPolicy } from '../support/policy.js';

describe('Links from Slack to the incident page', () => {
  const incident = anIncident({ number: 7 });
  it('are on the card and the announcement when the web pages are on', () => {
    const link = '<https://sitrep.example.com/incidents/INC-7|Incident page>';
    expect(JSON.stringify(incidentCard(incident, {}, todaysPolicy, [], 'https://sitrep.example.com').blocks)).toContain(link);
    expect(JSON.stringify(incidentAnnouncement(incident, {}, todaysPolicy, 'https://sitrep.example.com').blocks)).toContain(link);
  });
  it('are absent otherwise', () => {
    expect(JSON.stringify(incidentCard(incident, {}, todaysPolicy).blocks)).not.toContain('Incident page');
    expect(JSON.stringify(incidentAnnouncement(incident, {}, todaysPolicy).blocks)).not.toContain('Incident page');
  });
});
