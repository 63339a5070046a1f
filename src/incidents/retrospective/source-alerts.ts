import { alertLabel } from '../source-alerts.js';
import type { Format } from './format.js';
import type { RetrospectiveInput } from './input.js';
import { inlineText, table } from './markdown.js';

// A group of hundreds of alerts would bury the draft: the rest are counted.
const ALERTS_LISTED = 50;

/** The alerts the incident came from, by start; no section when it was not made from alerts. */
export function sourceAlertsSection(input: Pick<RetrospectiveInput, 'alerts'>, format: Format): string[] {
  const alerts = [...(input.alerts ?? [])].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (alerts.length === 0) return [];
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const rows = alerts.slice(0, ALERTS_LISTED).map((alert) => [
    markdownLink(inlineText(alertLabel(alert)), alert.link),
    alert.status,
    format.dateTime(alert.startsAt),
    alert.endsAt ? format.dateTime(alert.endsAt) : '—',
  ]);
  const more = alerts.length - rows.length;
  return [
    '## Source alerts',
    '',
    `${alerts.length} alert${alerts.length === 1 ? '' : 's'}: ${firing} still firing when this was written, ${alerts.length - firing} resolved.`,
    '',
    ...table(['Alert', 'Status', 'Started', 'Ended'], rows),
    ...(more > 0 ? ['', `…and ${more} more.`] : []),
  ];
}

/** `[label](url)` for a web address; other links are left out (they could be `javascript:`). */
function markdownLink(label: string, url: string | null): string {
  if (!url || !/^https?:\/\//i.test(url)) return label;
  return `[${label}](${url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}
