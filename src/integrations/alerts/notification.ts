/** What every alert source is turned into: one notification about one alert group. */

export type AlertSource = 'alertmanager' | 'grafana' | 'generic';
export const ALERT_SOURCES: readonly AlertSource[] = ['alertmanager', 'grafana', 'generic'];

export type AlertStatus = 'firing' | 'resolved';

export interface AlertLink {
  name: string;
  url: string;
}

export interface NormalisedAlert {
  fingerprint: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  /** Unset while the alert fires (Alertmanager's zero time `0001-01-01T00:00:00Z` included). */
  endsAt: Date | undefined;
  links: AlertLink[];
}

export interface AlertNotification {
  source: AlertSource;
  /** The group key: one incident per source and key while it is open. */
  groupKey: string;
  status: AlertStatus;
  /** Labels every alert of the group shares: what routing and severity look at. */
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  alerts: NormalisedAlert[];
}

/** The incident title an alert group gets: alertname and the summary annotation. */
export function notificationTitle(notification: AlertNotification): string {
  const first = notification.alerts[0];
  const name = notification.commonLabels.alertname ?? first?.labels.alertname ?? notification.groupKey;
  const summary = notification.commonAnnotations.summary ?? first?.annotations.summary;
  const title = summary && summary !== name ? `${name}: ${summary}` : name;
  return title.length > 150 ? `${title.slice(0, 149)}…` : title;
}

/** Whether every alert of the group has ended. */
export function allResolved(notification: AlertNotification): boolean {
  return notification.status === 'resolved' && notification.alerts.every((alert) => alert.status === 'resolved');
}
