import type { KnownBlock } from '@slack/types';
import { alertLabel, type SourceAlertsDigest } from '../../incidents/source-alerts.js';
import { escapeMrkdwn, truncate } from './text.js';

/** `:rotating_light: 2 firing · 1 resolved`: the counts, as the card and `/incident info` say them. */
export function sourceAlertCounts(digest: SourceAlertsDigest): string {
  return `:rotating_light: ${digest.firing} firing · ${digest.resolved} resolved`;
}

/** `<url|CheckoutErrors web-1>` (resolved ones struck through), the first few, then how many more. */
export function sourceAlertNames(digest: SourceAlertsDigest): string {
  const names = digest.first.map((alert) => {
    // `|` and `>` would end the link's label early.
    const label = escapeMrkdwn(alertLabel(alert)).replaceAll('|', '¦');
    const named = alert.link && /^https?:\/\//.test(alert.link) ? `<${alert.link}|${label}>` : label;
    return alert.status === 'resolved' ? `~${named}~` : named;
  });
  const more = digest.firing + digest.resolved - digest.first.length;
  return [...names, ...(more > 0 ? [`and ${more} more`] : [])].join(', ');
}

/** The card's source alerts: one short context line, nothing for an incident not made from alerts. */
export function sourceAlertsBlock(digest: SourceAlertsDigest | undefined): KnownBlock | undefined {
  if (!digest) return undefined;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`*Alerts* ${sourceAlertCounts(digest)} — ${sourceAlertNames(digest)}`, 3000) }] };
}
