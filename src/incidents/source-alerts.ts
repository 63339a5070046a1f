/** One alert an incident came from (or was merged with), as the views show it. */
export interface SourceAlert {
  /** The rule's name (`alertname`), else the summary, else the fingerprint. */
  name: string;
  /** What tells alerts of one rule apart (`instance`), when the alert says. */
  instance: string | null;
  status: 'firing' | 'resolved';
  startsAt: Date;
  endsAt: Date | null;
  /** The first link worth a click: the graph, else the runbook, else the dashboard. */
  link: string | null;
}

/** What the card and `/incident info` show of the source alerts: counts and the first few. */
export interface SourceAlertsDigest {
  firing: number;
  resolved: number;
  /** Firing ones first, then by start: the ones people should look at. */
  first: SourceAlert[];
  /** When the earliest alert started: the `detected` milestone's default. */
  earliestStart: Date;
}

/** How many alerts the short views name; the rest are counted. */
export const ALERTS_NAMED = 3;

/** The digest of an incident's alerts; undefined when it has none (it was not made from alerts). */
export function digestSourceAlerts(alerts: readonly SourceAlert[], named = ALERTS_NAMED): SourceAlertsDigest | undefined {
  if (alerts.length === 0) return undefined;
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const byInterest = [...alerts].sort((a, b) => Number(a.status !== 'firing') - Number(b.status !== 'firing') || a.startsAt.getTime() - b.startsAt.getTime());
  return {
    firing,
    resolved: alerts.length - firing,
    first: byInterest.slice(0, named),
    earliestStart: new Date(Math.min(...alerts.map((a) => a.startsAt.getTime()))),
  };
}

/** The name and instance of an alert from what its source sent. */
export function sourceAlertIdentity(alert: { fingerprint: string; labels: Record<string, string>; annotations: Record<string, string> }): Pick<SourceAlert, 'name' | 'instance'> {
  return { name: alert.labels.alertname || alert.annotations.summary || alert.fingerprint, instance: alert.labels.instance || null };
}

/** `CheckoutErrors web-1`: the rule and what tells its alerts apart. */
export function alertLabel(alert: Pick<SourceAlert, 'name' | 'instance'>): string {
  return alert.instance ? `${alert.name} ${alert.instance}` : alert.name;
}
