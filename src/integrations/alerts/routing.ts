import type { IncidentPolicy } from '../../incidents/policy.js';
import type { AlertsSection } from '../../process/integrations-schema.js';
import type { AlertNotification } from './notification.js';

/** What the process file says to do with an alert group. */
export interface AlertRouting {
  ignore: boolean;
  /** Skip triage: declared at once. */
  declare: boolean;
  type: string | undefined;
  invite: string[];
  severity: string;
}

/** A label value matches the exact text, or `/regex/` as a whole-value regular expression. */
function matches(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const regex = /^\/(.*)\/$/.exec(expected);
  return regex ? new RegExp(`^(?:${regex[1]})$`).test(actual) : expected === actual;
}

/** The labels routing looks at: the group's common labels, else the first alert's. */
export function routingLabels(notification: AlertNotification): Record<string, string> {
  return { ...notification.alerts[0]?.labels, ...notification.commonLabels };
}

/** The first route whose every label matches decides; none: triage at the severity the map gives. */
export function routeAlertGroup(section: AlertsSection | undefined, notification: AlertNotification, policy: IncidentPolicy): AlertRouting {
  return routeByLabels(section, routingLabels(notification), policy);
}

/** The labels routing looks at for a stored group: the labels all its alerts share, over the first one's. */
export function storedGroupLabels(alerts: readonly { labels: Record<string, string> }[]): Record<string, string> {
  const common = Object.fromEntries(Object.entries(alerts[0]?.labels ?? {}).filter(([name, value]) => alerts.every((a) => a.labels[name] === value)));
  return { ...alerts[0]?.labels, ...common };
}

export function routeByLabels(section: AlertsSection | undefined, labels: Record<string, string>, policy: IncidentPolicy): AlertRouting {
  const route = section?.routes.find((r) => Object.entries(r.match).every(([name, expected]) => matches(expected, labels[name])));
  const label = labels[section?.severity_label ?? 'severity'];
  const mapped = label === undefined ? undefined : section?.severity_map[label];
  const severity = mapped !== undefined && policy.severityIds.includes(mapped) ? mapped : policy.defaultSeverity;
  return { ignore: route?.ignore ?? false, declare: route?.declare ?? false, type: route?.type, invite: route?.invite ?? [], severity };
}
