import { describe, expect, it } from 'vitest';
import type { PageOnIncident } from '../../../src/incidents/paging.js';
import { incidentCard } from '../../../src/slack/blocks/incident-card.js';
import { pagesOnCard } from '../../../src/slack/blocks/pages-on-card.js';
import { anIncident } from '../../support/incident-fixture.js';
import { todaysPolicy } from '../../support/policy.js';

const page = (overrides: Partial<PageOnIncident>): PageOnIncident => ({
  target: 'payments',
  provider: 'pagerduty',
  status: 'triggered',
  triggeredBy: 'UALICE',
  acknowledgedBy: null,
  ...overrides,
});

const lineOf = (pages: PageOnIncident[]) => JSON.stringify(pagesOnCard(pages));

describe('the pages on the incident card', () => {
  it('says per target who paged, who acknowledged (as the pager names them, escaped), resolved, failed', () => {
    const blocks = pagesOnCard([
      page({}),
      page({ target: 'platform', status: 'acknowledged', acknowledgedBy: 'Dana <!channel> Ops' }),
      page({ target: 'dba', provider: 'opsgenie', status: 'triggering', triggeredBy: 'sitrep' }),
      page({ target: 'security', status: 'failed' }),
      page({ target: 'old', status: 'resolved' }),
    ]);
    expect(blocks).toEqual([
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              ':pager: *Paged* payments (PagerDuty): triggered by <@UALICE> · platform (PagerDuty): acknowledged by Dana &lt;!channel&gt; Ops' +
              ' · dba (Opsgenie): sending (paged by a rule) · security (PagerDuty): :warning: could not be sent · old (PagerDuty): resolved',
          },
        ],
      },
    ]);
    expect(pagesOnCard([])).toEqual([]);
  });

  it('is on the card while the incident is open, and not once it is resolved', () => {
    const pages = [page({ status: 'acknowledged', acknowledgedBy: 'Dana Ops' })];
    const open = incidentCard(anIncident({ state: 'investigating', pages }), {}, todaysPolicy);
    expect(JSON.stringify(open.blocks)).toContain(lineOf(pages).slice(1, -1));
    const resolved = incidentCard(anIncident({ state: 'resolved', pages }), {}, todaysPolicy);
    expect(JSON.stringify(resolved.blocks)).not.toContain('Paged');
  });
});
