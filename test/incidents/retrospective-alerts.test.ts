import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident.js';
import { writeRetrospective } from '../../src/incidents/retrospective.js';
import type { RetrospectiveInput } from '../../src/incidents/retrospective/input.js';
import type { SourceAlert } from '../../src/incidents/source-alerts.js';
import { slackMarkup } from '../../src/slack/inbound/slack-markup.js';
import { anIncident } from '../support/incident-fixture.js';
import { todaysPolicy } from '../support/policy.js';

const at = (hhmm: string) => new Date(`2026-11-21T${hhmm}:00Z`);

function input(incident: Partial<Incident>, alerts?: SourceAlert[]): RetrospectiveInput {
  return {
    incident: anIncident({ number: 9, state: 'resolved', declaredAt: at('14:10'), resolvedAt: at('15:00'), ...incident }),
    roleHistory: [],
    timeline: [],
    statusUpdates: [],
    nudgeCount: 0,
    userNames: {},
    channelNames: {},
    timeZone: 'UTC',
    policy: todaysPolicy,
    now: at('16:00'),
    version: 1,
    ...(alerts ? { alerts } : {}),
  };
}

function section(markdown: string, heading: string): string | undefined {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) return undefined;
  const body = markdown.slice(start + heading.length + 5);
  const end = body.indexOf('\n## ');
  return (end === -1 ? body : body.slice(0, end)).trim();
}

const ALERTS: SourceAlert[] = [
  { name: 'CheckoutErrors', instance: 'web-2', status: 'firing', startsAt: at('14:03'), endsAt: null, link: null },
  { name: 'CheckoutErrors', instance: 'web-1', status: 'resolved', startsAt: at('14:02'), endsAt: at('14:40'), link: 'https://prometheus.example.com/graph?g0.expr=rate(errors[5m]) > 0.05' },
];

describe('the retrospective of an incident made from alerts', () => {
  it('has a Source alerts section: every alert by start, its status, start and end, linked to its graph', () => {
    const markdown = writeRetrospective(input({ detectedAt: at('14:02') }, ALERTS), slackMarkup);
    expect(section(markdown, 'Source alerts')).toBe(
      [
        '2 alerts: 1 still firing when this was written, 1 resolved.',
        '',
        '| Alert | Status | Started | Ended |',
        '|---|---|---|---|',
        '| [CheckoutErrors web-1](https://prometheus.example.com/graph?g0.expr=rate%28errors[5m]%29%20%3E%200.05) | resolved | 2026-11-21 14:02 | 2026-11-21 14:40 |',
        '| CheckoutErrors web-2 | firing | 2026-11-21 14:03 | — |',
      ].join('\n'),
    );
  });

  it("takes detected from the earliest alert's start when nobody recorded it, and says so", () => {
    const milestones = section(writeRetrospective(input({ detectedAt: at('14:02') }, ALERTS), slackMarkup), 'Milestones')!;
    expect(milestones).toContain("| Detected | 2026-11-21 14:02 | not recorded: the earliest alert's start |");
    expect(milestones).toContain('| Time to declare | detected → declared | 8m |');
    expect(milestones).not.toMatch(/Never recorded: [^.]*detected/);
    // A person's own time stands.
    expect(section(writeRetrospective(input({ detectedAt: at('14:05') }, ALERTS), slackMarkup), 'Milestones')).toContain('| Detected | 2026-11-21 14:05 | recorded |');
  });

  it('has no Source alerts section when the incident was declared by hand', () => {
    const markdown = writeRetrospective(input({}), slackMarkup);
    expect(section(markdown, 'Source alerts')).toBeUndefined();
    expect(section(markdown, 'Milestones')).toContain('| Detected | 2026-11-21 14:10 | not recorded: defaults to declared |');
  });

  it('lists the first 50 alerts of a big group and counts the rest', () => {
    const many: SourceAlert[] = Array.from({ length: 120 }, (_, i) => ({ name: 'NodeDown', instance: `node-${i}`, status: 'firing', startsAt: new Date(at('14:00').getTime() + i * 1000), endsAt: null, link: null }));
    const alerts = section(writeRetrospective(input({}, many), slackMarkup), 'Source alerts')!;
    expect(alerts.split('\n').filter((line) => line.startsWith('| NodeDown'))).toHaveLength(50);
    expect(alerts).toMatch(/^120 alerts: 120 still firing when this was written, 0 resolved\./);
    expect(alerts.endsWith('…and 70 more.')).toBe(true);
  });
});
