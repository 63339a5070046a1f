import { alertLabel, sourceAlertIdentity } from './source-alerts.js';

/** An alert as a notification reports it, in the terms the timeline needs. */
export interface ReportedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | undefined;
}

export type AlertEventKind = 'alert_fired' | 'alert_refired' | 'alert_resolved';

/** A change of one alert the timeline records, at the time the alert says it happened. */
export interface AlertEvent {
  kind: AlertEventKind;
  fingerprint: string;
  /** `CheckoutErrors web-1: 5xx above 5% on checkout`, mrkdwn-escaped like every timeline text. */
  text: string;
  occurredAt: Date;
  /** Set on the resolution after which no alert of the incident fires any more. */
  allResolved?: boolean;
}

/** An alert as stored before a notification. */
export interface KnownAlert {
  status: 'firing' | 'resolved';
  startsAt: Date;
}

/**
 * What changed between the alerts stored (`before`, by fingerprint) and a notification: a new
 * alert fired (and resolved, when it did both between notifications), a resolved one fired again,
 * a firing one resolved. A re-sent alert in the same state is no event. A resolution is never
 * placed before the start it ends (senders' clocks and resent start times disagree).
 */
export function alertEvents(before: ReadonlyMap<string, KnownAlert>, reported: readonly ReportedAlert[], now: Date): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const alert of reported) {
    const known = before.get(alert.fingerprint);
    const previous = known?.status;
    if (previous === alert.status) continue;
    const text = describe(alert);
    const event = (kind: AlertEventKind, occurredAt: Date) => events.push({ kind, fingerprint: alert.fingerprint, text, occurredAt });
    if (previous === undefined) event('alert_fired', alert.startsAt);
    else if (alert.status === 'firing') event('alert_refired', alert.startsAt);
    if (alert.status === 'resolved') {
      const started = Math.max(alert.startsAt.getTime(), known?.startsAt.getTime() ?? 0);
      event('alert_resolved', new Date(Math.max((alert.endsAt ?? now).getTime(), started)));
    }
  }
  return events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

/** Marks the last resolution as the one that left nothing firing, when that is so. */
export function markAllResolved(events: readonly AlertEvent[], nothingFiring: boolean): AlertEvent[] {
  const last = events.findLastIndex((e) => e.kind === 'alert_resolved');
  if (!nothingFiring || last < 0) return [...events];
  return events.map((e, i) => (i === last ? { ...e, allResolved: true, text: `${e.text} — all alerts resolved` } : e));
}

function describe(alert: ReportedAlert): string {
  const label = alertLabel(sourceAlertIdentity(alert));
  const summary = alert.annotations.summary;
  return escapeMarkup(summary && summary !== label ? `${label}: ${summary}` : label);
}

// Timeline texts are mrkdwn (as Slack sends messages): alert text must not read as a link or mention.
function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
