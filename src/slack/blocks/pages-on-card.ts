import type { KnownBlock } from '@slack/types';
import type { PageOnIncident } from '../../incidents/paging.js';
import { escapeMrkdwn, mention, truncate } from './text.js';

const PROVIDER = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

function pageState(page: PageOnIncident): string {
  const by = page.triggeredBy === 'sitrep' ? 'a rule' : mention(page.triggeredBy);
  switch (page.status) {
    case 'triggering':
      return `sending (paged by ${by})`;
    case 'triggered':
      return `triggered by ${by}`;
    case 'acknowledged':
      return `acknowledged by ${escapeMrkdwn(page.acknowledgedBy ?? 'someone')}`;
    case 'resolving':
    case 'resolved':
      return 'resolved';
    case 'failed':
      return ':warning: could not be sent';
  }
}

/** The card's line of pages: `Paged payments (PagerDuty): triggered by @alice · dba (Opsgenie): acknowledged by Lee`. */
export function pagesOnCard(pages: readonly PageOnIncident[]): KnownBlock[] {
  if (pages.length === 0) return [];
  const text = pages.map((p) => `${escapeMrkdwn(p.target)} (${PROVIDER[p.provider]}): ${pageState(p)}`).join(' · ');
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`:pager: *Paged* ${text}`, 3000) }] }];
}
