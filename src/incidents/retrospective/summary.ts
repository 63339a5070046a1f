import { keyOf } from '../incident.js';
import type { Format } from './format.js';
import { lifespan, type MilestoneTime, type Milestones, severityChanges } from './figures.js';
import type { RetrospectiveInput } from './input.js';
import { oneLine, table } from './markdown.js';

export function titleSection(input: RetrospectiveInput, format: Format): string[] {
  const { incident } = input;
  // A trailing run of # would be read as the heading's closing sequence and vanish.
  const title = oneLine(format.slack(incident.title)).replace(/#+$/, (run) => `\\${run}`);
  return [
    `# ${keyOf(incident)}: ${title}`,
    '',
    `Retrospective draft, version ${input.version}, written ${format.dateTime(input.now)}. Times are in ${format.timeZone}.`,
    '',
    '> This review is blameless: it asks how our systems, signals and processes behaved and why decisions',
    '> made sense with what was known at the time, never who is to blame.',
  ];
}

export function summarySection(input: RetrospectiveInput, format: Format, milestones: Milestones): string[] {
  const { incident } = input;
  const zoned = (date: Date | null) => (date ? `${format.dateTime(date)} ${format.timeZone}` : 'never');
  const upper = (severity: string) => input.policy.label(severity);
  const changes = severityChanges(input);
  const reopenings = input.timeline.filter((e) => e.kind === 'reopened' && !e.deletedAt).map((e) => e.occurredAt);
  const life = lifespan(milestones);

  const rows: string[][] = [
    ['Key', keyOf(incident)],
    ['Title', format.slack(incident.title)],
    ['Severity', changes.length > 0 ? `${upper(incident.severity)} (declared as ${upper(changes[0]!.from)})` : upper(incident.severity)],
    [
      'Severity changes',
      changes.length > 0
        ? changes.map((c) => `${upper(c.from)} → ${upper(c.to)} at ${format.dateTime(c.at)} by ${format.person(c.by)}`).join('; ')
        : 'none',
    ],
    ['Declared', `${zoned(incident.declaredAt)} by ${format.person(incident.declarerId)}`],
    ['Identified', zoned(milestones.identified)],
    ['Resolved', zoned(milestones.resolved)],
    ['Closed', zoned(milestones.closed)],
  ];
  if (reopenings.length > 0) rows.push(['Reopened', reopenings.map((at) => format.dateTime(at)).join('; ')]);
  rows.push(
    ['Time to identify', format.between(incident.declaredAt, milestones.identified)],
    ['Time to resolve', format.between(incident.declaredAt, milestones.resolved)],
    ['Total duration', `${format.between(life.from, life.to)} (${life.fromLabel} → closed)`],
    ['Status updates', String(input.statusUpdates.length)],
    ['Nudges', String(input.nudgeCount)],
  );
  if (incident.channelName) rows.push(['Channel', `#${format.slack(incident.channelName)}`]);
  return ['## Summary', '', ...table(['Field', 'Value'], rows)];
}

export function milestonesSection(format: Format, milestones: Milestones): string[] {
  const shown = (milestone: MilestoneTime, fallback: string) => {
    if (!milestone.at) return ['never', fallback ? `never recorded, and no default: ${fallback}` : 'never recorded'];
    if (milestone.defaultFrom) return [format.dateTime(milestone.at), `not recorded: ${milestone.defaultFrom}`];
    return [format.dateTime(milestone.at), milestone.recorded ? 'recorded' : `not recorded: ${fallback}`];
  };
  const { impactStarted, detected, mitigated } = milestones;
  const mitigatedDefault = mitigated.at ? 'defaults to the first time the state became monitoring' : 'the state never became monitoring';
  const rows = [
    ['Impact started', ...shown(impactStarted, '')],
    ['Detected', ...shown(detected, 'defaults to declared')],
    ['Declared', format.dateTime(milestones.declared), 'recorded'],
    ['Mitigated', ...shown(mitigated, mitigatedDefault)],
    ['Resolved', milestones.resolved ? format.dateTime(milestones.resolved) : 'never', milestones.resolved ? 'recorded' : 'never resolved'],
  ];
  const measures = [
    ['Time to detect', 'impact started → detected', format.between(impactStarted.at, detected.at)],
    ['Time to declare', 'detected → declared', format.between(detected.at, milestones.declared)],
    ['Time to mitigate', 'declared → mitigated', format.between(milestones.declared, mitigated.at)],
    ['Impact duration', 'impact started → mitigated', format.between(impactStarted.at, mitigated.at)],
    ['Time to resolve', 'declared → resolved', format.between(milestones.declared, milestones.resolved)],
  ];
  // Only incidents that paged someone have an acknowledgement to measure.
  if (milestones.acknowledged) {
    rows.splice(3, 0, ['Acknowledged', format.dateTime(milestones.acknowledged), 'recorded (PagerDuty)']);
    measures.splice(2, 0, ['Time to acknowledge', 'declared → acknowledged', format.between(milestones.declared, milestones.acknowledged)]);
  }
  const missing = [
    !impactStarted.recorded && 'impact started',
    !detected.recorded && !detected.defaultFrom && 'detected',
    !mitigated.recorded && 'mitigated',
  ].filter((name): name is string => Boolean(name));
  const note =
    missing.length > 0
      ? `Never recorded: ${missing.join(', ')}. Measures from a missing milestone use its default or show —; fill them in here (\`/incident milestone\` records them while the incident is open).`
      : 'Every milestone was recorded.';
  return ['## Milestones', '', ...table(['Milestone', 'Time', 'Source'], rows), '', ...table(['Measure', 'From → to', 'Duration'], measures), '', note];
}
