import { incidentKey } from '../incidents/types.js';
import { channelLink, escapeMrkdwn, mention } from './blocks/text.js';

/** What people read about alerts in and triage, in one place. */
export const ALERT_SENTENCES = {
  waiting: 'Waiting in triage',
  accepted: (by: string, channelId: string | null) => `Accepted by ${mention(by)}${channelId ? ` · ${channelLink(channelId)}` : ''}`,
  declinedBy: (by: string, reason: string) => `Declined by ${mention(by)}: ${escapeMrkdwn(reason)}`,
  declinedBySource: (reason: string | null) => `Declined${reason ? `: ${escapeMrkdwn(reason)}` : ''}`,
  mergedInto: (into: number, by: string | null) => `Merged into *${incidentKey(into)}*${by ? ` by ${mention(by)}` : ''}`,
  alertsCardTitle: (source: string) => `:rotating_light: Alerts from ${escapeMrkdwn(source)}`,
  counts: (firing: number, resolved: number) => `${firing} firing, ${resolved} resolved`,
  allResolved: ':white_check_mark: All alerts resolved. Sitrep leaves the incident open: mark it monitoring while you watch, and resolve it when you are sure.',
  markMonitoring: 'Mark monitoring',
  monitoringUpdate: 'All alerts resolved; watching.',
  merged: (from: number, title: string, by: string) => `:link: ${mention(by)} merged the alerts of ${incidentKey(from)} (${escapeMrkdwn(title)}) into this incident from triage.`,
  declaredAtOnce: (source: string) =>
    `:rotating_light: Declared at once from ${escapeMrkdwn(source)} alerts: their route says \`declare: true\`. Nobody is commander yet: take the role on the card.`,
  gaveUp: (incident: number, what: string, error: string) => `:warning: ${incidentKey(incident)}: Sitrep could not ${what} (${escapeMrkdwn(error)}); it was tried and given up.`,
  /** What each alert effect does, for the sentence above. */
  effectPurpose: {
    'alerts.message': 'show its alerts',
    'alerts.triage_outcome': 'edit its triage message',
    'alerts.all_resolved': 'say that all alerts resolved',
    'alerts.merged': 'say that alerts were merged in',
    'alerts.declare': 'declare it at once as its route says, so it waits in triage',
    'alerts.declared_at_once': 'say why it was declared at once',
  } as Record<string, string>,
  declineTitle: 'Decline alert',
  declineLabel: 'Why is this not an incident?',
  declineSubmit: 'Decline',
  mergeTitle: 'Merge alerts',
  mergeLabel: 'Merge into which open incident?',
  mergeSubmit: 'Merge',
  noOpenIncidents: 'There is no open incident to merge into. Accept it to declare one, or decline it.',
  declineReasonMissing: 'Say why, in a few words.',
  mergeTargetMissing: 'Pick the incident to merge into.',
} as const;
