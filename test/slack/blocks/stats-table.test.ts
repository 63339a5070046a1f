import type { ContextBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { IncidentPolicy } from '../../../src/incidents/policy.js';
import type { IncidentStats } from '../../../src/incidents/stats.js';
import { statsTable } from '../../../src/slack/blocks/stats-table.js';
import { todaysPolicy } from '../../support/policy.js';

const minutes = (n: number) => n * 60_000;

const stats: IncidentStats = {
  days: 30,
  bySeverity: {
    sev1: { count: 5, resolved: 5, medianTimeToResolveMs: minutes(30), p90TimeToResolveMs: minutes(46), medianTimeToFirstUpdateMs: minutes(4) },
    sev2: { count: 2, resolved: 1, medianTimeToResolveMs: minutes(60), p90TimeToResolveMs: minutes(60), medianTimeToFirstUpdateMs: null },
    sev4: { count: 12, resolved: 12, medianTimeToResolveMs: minutes(26 * 60), p90TimeToResolveMs: minutes(50 * 60), medianTimeToFirstUpdateMs: 45_000 },
  },
  total: { count: 19, resolved: 18, medianTimeToResolveMs: minutes(40), p90TimeToResolveMs: minutes(84), medianTimeToFirstUpdateMs: minutes(3) },
};

describe('the stats table', () => {
  it('shows every severity and the total as an aligned monospace table, durations for people', () => {
    const message = statsTable(stats, todaysPolicy);
    const section = message.blocks![0] as SectionBlock;
    const [heading, ...rest] = section.text!.text.split('\n');
    expect(heading).toBe('*Incidents declared in the last 30 days*, by severity');
    expect(rest[0]).toBe('```');
    expect(rest.at(-1)).toBe('```');
    expect(rest.slice(1, -1)).toEqual([
      'Severity  Incidents  Resolved  Median TTR  p90 TTR  Median 1st update',
      'SEV1              5         5         30m      46m                 4m',
      'SEV2              2         1      1h 00m   1h 00m                  —',
      'SEV3              0         0           —        —                  —',
      'SEV4             12        12       1d 2h    2d 2h                45s',
      'All              19        18         40m   1h 24m                 3m',
    ]);
    const legend = (message.blocks![1] as ContextBlock).elements[0] as { text: string };
    expect(legend.text).toMatch(/^TTR = time to resolve/);
  });

  it('carries the table in the text too, for a reply that sends text alone', () => {
    const message = statsTable(stats, todaysPolicy);
    expect(message.text).toContain('SEV1              5         5         30m      46m                 4m');
    expect(message.text).toContain('Abandoned declarations are not counted.');
  });

  it('says “1 day” for one day and fits a section', () => {
    const message = statsTable({ ...stats, days: 1 }, todaysPolicy);
    expect((message.blocks![0] as SectionBlock).text!.text).toContain('in the last 1 day*');
    expect((message.blocks![0] as SectionBlock).text!.text.length).toBeLessThan(3000);
  });

  it("orders rows by the policy's severities, not by their ids' text, then ids the policy no longer has", () => {
    const policy = new IncidentPolicy({
      severities: [
        { id: 'minor', label: 'Minor', updateEveryMs: minutes(10), major: true },
        { id: 'critical', label: 'Critical', updateEveryMs: minutes(60), major: false },
      ],
      defaultSeverity: 'critical',
      roles: [{ id: 'lead', title: 'Lead' }],
    });
    const one = stats.total;
    const message = statsTable({ days: 7, bySeverity: { critical: one, sev4: one, minor: one }, total: one }, policy);
    const names = (message.blocks![0] as SectionBlock).text!.text.split('\n').slice(3, -1).map((line) => line.split(' ')[0]);
    expect(names).toEqual(['Minor', 'Critical', 'SEV4', 'All']);
  });
});
