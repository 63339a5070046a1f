import { describe, expect, it } from 'vitest';
import { digestSourceAlerts, type SourceAlert } from '../../../src/incidents/source-alerts.js';
import { incidentCard } from '../../../src/slack/blocks/incident-card.js';
import { anIncident } from '../../support/incident-fixture.js';
import { todaysPolicy } from '../../support/policy.js';

const at = (hhmm: string) => new Date(`2026-11-21T${hhmm}:00Z`);

function alert(name: string, status: SourceAlert['status'], startsAt: string, more: Partial<SourceAlert> = {}): SourceAlert {
  return { name, instance: null, status, startsAt: at(startsAt), endsAt: null, link: null, ...more };
}

const alertsLine = (blocks: unknown[]) => JSON.stringify(blocks).match(/"\*Alerts\* [^"]*"/)?.[0];

describe('source alerts on the incident card', () => {
  it('shows the counts and the first three names, linked, resolved ones struck through, the rest counted', () => {
    const digest = digestSourceAlerts([
      alert('CheckoutErrors', 'firing', '14:00', { instance: 'web-1', link: 'https://prometheus.example.com/graph?g0.expr=errors' }),
      alert('CheckoutErrors', 'firing', '14:01', { instance: 'web-2' }),
      alert('Latency <p99>', 'resolved', '13:55', { link: 'javascript:alert(1)' }),
      alert('DiskFull', 'resolved', '14:03'),
    ]);
    const card = incidentCard(anIncident({ sourceAlerts: digest! }), {}, todaysPolicy);
    const context = card.blocks!.find((b) => b.type === 'context' && JSON.stringify(b).includes('*Alerts*'));
    expect(context).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '*Alerts* :rotating_light: 2 firing · 2 resolved — <https://prometheus.example.com/graph?g0.expr=errors|CheckoutErrors web-1>, CheckoutErrors web-2, ~Latency &lt;p99&gt;~, and 1 more',
        },
      ],
    });
  });

  it('says nothing of alerts on the card of an incident not made from alerts', () => {
    expect(alertsLine(incidentCard(anIncident(), {}, todaysPolicy).blocks!)).toBeUndefined();
  });
});
