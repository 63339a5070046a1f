import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident.js';
import { writeRetrospective as writeWith } from '../../src/incidents/retrospective.js';
import type { RetrospectiveInput } from '../../src/incidents/retrospective/input.js';
import type { TimelineEntry } from '../../src/incidents/timeline-entry.js';
import { slackMarkup } from '../../src/slack/inbound/slack-markup.js';

const writeRetrospective = (input: RetrospectiveInput) => writeWith(input, slackMarkup);
import { todaysPolicy } from '../support/policy.js';

// Times are UTC in the test; the retrospective shows them in Europe/Paris (UTC+1 in November).
const at = (hhmm: string, day = '2026-11-21') => new Date(`${day}T${hhmm}:00Z`);

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    number: 42,
    title: 'Checkout failing',
    description: 'Customers cannot pay by card.',
    severity: 'sev1',
    state: 'resolved',
    private: false,
    declarerId: 'UALICE',
    channelId: 'CINC',
    channelName: 'inc-42-checkout-failing',
    cardTs: '1.0',
    announcementTs: null,
    declareStep: 'announced',
    declareError: null,
    abandonedAt: null,
    declaredAt: at('14:00'),
    identifiedAt: at('14:30'),
    monitoringAt: at('14:50'),
    resolvedAt: at('15:05'),
    closedAt: null,
    reopenedAt: null,
    severityChangedAt: at('14:10'),
    impactStartedAt: null,
    detectedAt: null,
    mitigatedAt: null,
    lastUpdateAt: at('14:50'),
    nextUpdateDueAt: at('15:20'),
    ...overrides,
  };
}

let nextId = 0;
function entry(overrides: Partial<TimelineEntry>): TimelineEntry {
  nextId += 1;
  return {
    id: String(nextId),
    kind: 'message',
    authorId: 'UALICE',
    text: '',
    occurredAt: at('14:00'),
    messageTs: null,
    threadTs: null,
    files: [],
    editedAt: null,
    deletedAt: null,
    keyEvent: false,
    data: {},
    ...overrides,
  };
}

function input(overrides: Partial<RetrospectiveInput> = {}): RetrospectiveInput {
  return {
    incident: incident(),
    roleHistory: [],
    timeline: [],
    statusUpdates: [],
    nudgeCount: 0,
    userNames: { UALICE: 'alice', UBOB: 'bob', UCAROL: 'carol' },
    channelNames: { CDB: 'db-team' },
    timeZone: 'Europe/Paris',
    policy: todaysPolicy,
    now: at('16:00'),
    version: 1,
    ...overrides,
  };
}

/** The text of one `## ` section, without its heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no section ${heading}`);
  const body = markdown.slice(start + heading.length + 5);
  const end = body.indexOf('\n## ');
  return (end === -1 ? body : body.slice(0, end)).trim();
}

/** Cells of a table row, split as GFM does: on pipes not escaped with a backslash. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The cells after the first, of the table row whose first cell is `name`, in a section. */
function row(markdown: string, heading: string, name: string): string[] {
  const line = section(markdown, heading)
    .split('\n')
    .find((l) => l.startsWith('|') && cells(l)[0] === name);
  if (!line) throw new Error(`no row ${name} in ${heading}`);
  return cells(line).slice(1);
}

/** Every table in the document has the same number of cells in each row as in its header. */
function expectWellFormedTables(markdown: string): void {
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !lines[i + 1]?.startsWith('|---')) continue;
    const width = cells(lines[i]!).length;
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      expect(cells(lines[j]!), lines[j]).toHaveLength(width);
    }
  }
}

const timelineItems = (markdown: string) => section(markdown, 'Timeline').split('\n').filter((l) => /^\s*- /.test(l));

describe('the retrospective draft', () => {
  it('opens with the key and title, the version, the zone and the blameless frame', () => {
    const markdown = writeRetrospective(input({ version: 3 }));
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# INC-42: Checkout failing');
    expect(markdown).toContain('Retrospective draft, version 3, written 2026-11-21 17:00. Times are in Europe/Paris.');
    expect(markdown).toMatch(/blameless/);
  });

  it('has every section the issue lists, in order', () => {
    const markdown = writeRetrospective(input());
    const headings = markdown.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Summary',
      '## Milestones',
      '## Roles and handoffs',
      '## Participants',
      '## Impact',
      '## Status updates',
      '## Timeline',
      '## What went well',
      '## What went wrong',
      '## Where we got lucky',
      '## Action items',
    ]);
    expect(markdown.endsWith('\n')).toBe(true);
  });

  describe('summary', () => {
    const markdown = writeRetrospective(
      input({
        incident: incident({ closedAt: at('17:30') }),
        timeline: [
          entry({ kind: 'severity_changed', authorId: 'UBOB', occurredAt: at('14:20'), data: { from: 'sev2', to: 'sev1' } }),
          entry({ kind: 'severity_changed', authorId: 'UALICE', occurredAt: at('14:10'), data: { from: 'sev3', to: 'sev2' } }),
        ],
        statusUpdates: [
          { authorId: 'UCAROL', text: 'Looking', state: null, postedAt: at('14:15'), nextUpdateDueAt: at('14:45') },
          { authorId: 'UCAROL', text: 'Rolling back', state: 'identified', postedAt: at('14:30'), nextUpdateDueAt: at('15:00') },
        ],
        nudgeCount: 2,
      }),
    );

    it('shows the severity now, what it was declared as, and each change in order with who made it', () => {
      expect(row(markdown, 'Summary', 'Severity')).toEqual(['SEV1 (declared as SEV3)']);
      expect(row(markdown, 'Summary', 'Severity changes')).toEqual([
        'SEV3 → SEV2 at 2026-11-21 15:10 by @alice; SEV2 → SEV1 at 2026-11-21 15:20 by @bob',
      ]);
    });

    it('gives declared, identified, resolved and closed times in TIMEZONE', () => {
      expect(row(markdown, 'Summary', 'Declared')).toEqual(['2026-11-21 15:00 Europe/Paris by @alice']);
      expect(row(markdown, 'Summary', 'Identified')).toEqual(['2026-11-21 15:30 Europe/Paris']);
      expect(row(markdown, 'Summary', 'Resolved')).toEqual(['2026-11-21 16:05 Europe/Paris']);
      expect(row(markdown, 'Summary', 'Closed')).toEqual(['2026-11-21 18:30 Europe/Paris']);
    });

    it('gives time to identify, time to resolve and total duration', () => {
      expect(row(markdown, 'Summary', 'Time to identify')).toEqual(['30m']);
      expect(row(markdown, 'Summary', 'Time to resolve')).toEqual(['1h 05m']);
      expect(row(markdown, 'Summary', 'Total duration')).toEqual(['3h 30m (declared → closed)']);
    });

    it('counts status updates and nudges, and names the key, title and channel', () => {
      expect(row(markdown, 'Summary', 'Status updates')).toEqual(['2']);
      expect(row(markdown, 'Summary', 'Nudges')).toEqual(['2']);
      expect(row(markdown, 'Summary', 'Key')).toEqual(['INC-42']);
      expect(row(markdown, 'Summary', 'Title')).toEqual(['Checkout failing']);
      expect(row(markdown, 'Summary', 'Channel')).toEqual(['#inc-42-checkout-failing']);
    });

    it('says what never happened and counts the draft as the close when the incident is not marked closed yet', () => {
      const draft = writeRetrospective(input({ incident: incident({ identifiedAt: null, closedAt: null }), now: at('16:00') }));
      expect(row(draft, 'Summary', 'Severity')).toEqual(['SEV1']);
      expect(row(draft, 'Summary', 'Severity changes')).toEqual(['none']);
      expect(row(draft, 'Summary', 'Identified')).toEqual(['never']);
      expect(row(draft, 'Summary', 'Time to identify')).toEqual(['—']);
      expect(row(draft, 'Summary', 'Closed')).toEqual(['2026-11-21 17:00 Europe/Paris']);
      expect(section(draft, 'Summary')).not.toContain('Reopened');
    });

    it('lists reopenings, and measures total duration from impact start when that came first', () => {
      const draft = writeRetrospective(
        input({
          incident: incident({ impactStartedAt: at('13:40') }),
          timeline: [entry({ kind: 'reopened', authorId: 'UBOB', occurredAt: at('15:30'), text: 'Reopened' })],
        }),
      );
      expect(row(draft, 'Summary', 'Reopened')).toEqual(['2026-11-21 16:30']);
      expect(row(draft, 'Summary', 'Total duration')).toEqual(['2h 20m (impact started → closed)']);
    });
  });

  describe('milestones', () => {
    it('uses the defaults (detected = declared, mitigated = first monitoring) and says which were never recorded', () => {
      const markdown = writeRetrospective(
        input({
          // The state went to monitoring by an update at 14:45 before the row's latest monitoring time.
          statusUpdates: [{ authorId: 'UBOB', text: 'Watching', state: 'monitoring', postedAt: at('14:45'), nextUpdateDueAt: at('15:15') }],
        }),
      );
      expect(row(markdown, 'Milestones', 'Impact started')).toEqual(['never', 'never recorded']);
      expect(row(markdown, 'Milestones', 'Detected')).toEqual(['2026-11-21 15:00', 'not recorded: defaults to declared']);
      expect(row(markdown, 'Milestones', 'Declared')).toEqual(['2026-11-21 15:00', 'recorded']);
      expect(row(markdown, 'Milestones', 'Mitigated')).toEqual([
        '2026-11-21 15:45',
        'not recorded: defaults to the first time the state became monitoring',
      ]);
      expect(row(markdown, 'Milestones', 'Time to detect')).toEqual(['impact started → detected', '—']);
      expect(row(markdown, 'Milestones', 'Time to declare')).toEqual(['detected → declared', '0s']);
      expect(row(markdown, 'Milestones', 'Time to mitigate')).toEqual(['declared → mitigated', '45m']);
      expect(row(markdown, 'Milestones', 'Time to resolve')).toEqual(['declared → resolved', '1h 05m']);
      expect(section(markdown, 'Milestones')).toContain('Never recorded: impact started, detected, mitigated.');
    });

    it('uses recorded milestones for time to detect, declare and mitigate', () => {
      const markdown = writeRetrospective(
        input({ incident: incident({ impactStartedAt: at('13:30'), detectedAt: at('13:45'), mitigatedAt: at('14:40') }) }),
      );
      expect(row(markdown, 'Milestones', 'Impact started')).toEqual(['2026-11-21 14:30', 'recorded']);
      expect(row(markdown, 'Milestones', 'Time to detect')).toEqual(['impact started → detected', '15m']);
      expect(row(markdown, 'Milestones', 'Time to declare')).toEqual(['detected → declared', '15m']);
      expect(row(markdown, 'Milestones', 'Time to mitigate')).toEqual(['declared → mitigated', '40m']);
      expect(row(markdown, 'Milestones', 'Impact duration')).toEqual(['impact started → mitigated', '1h 10m']);
      expect(section(markdown, 'Milestones')).toContain('Every milestone was recorded.');
    });

    it('says when mitigation has no default, and flags milestones recorded out of order', () => {
      const markdown = writeRetrospective(
        input({ incident: incident({ monitoringAt: null, impactStartedAt: at('14:20'), detectedAt: at('14:10') }) }),
      );
      expect(row(markdown, 'Milestones', 'Mitigated')).toEqual(['never', 'never recorded, and no default: the state never became monitoring']);
      expect(row(markdown, 'Milestones', 'Time to mitigate')).toEqual(['declared → mitigated', '—']);
      expect(row(markdown, 'Milestones', 'Time to detect')).toEqual(['impact started → detected', '⚠ ends 10m before it starts']);
    });
  });

  describe('roles and handoffs', () => {
    it('shows who held each role, from when until when and for how long, and every handoff', () => {
      const markdown = writeRetrospective(
        input({
          roleHistory: [
            { role: 'commander', userId: 'UALICE', previousUserId: null, assignedBy: 'UALICE', assignedAt: at('14:00') },
            { role: 'comms', userId: 'UCAROL', previousUserId: null, assignedBy: 'UCAROL', assignedAt: at('14:05') },
            { role: 'commander', userId: 'UBOB', previousUserId: 'UALICE', assignedBy: 'UCAROL', assignedAt: at('14:30') },
          ],
        }),
      );
      const roles = section(markdown, 'Roles and handoffs');
      const rows = roles.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Role')).map(cells);
      expect(rows).toEqual([
        ['Incident Commander', '@alice', '2026-11-21 15:00', '2026-11-21 15:30 (handed over)', '30m'],
        ['Incident Commander', '@bob', '2026-11-21 15:30', '2026-11-21 16:05 (resolved)', '35m'],
        ['Communications Lead', '@carol', '2026-11-21 15:05', '2026-11-21 16:05 (resolved)', '1h 00m'],
        ['Operations Lead', 'nobody', '', '', ''],
      ]);
      expect(roles).toContain('- **2026-11-21 15:30** Incident Commander: @alice → @bob, handoff (assigned by @carol)');
      expect(roles).toContain('- **2026-11-21 15:05** Communications Lead: @carol (took the role)');
    });

    it('counts the declarer as commander until someone else is, and a repeated assignment as no handoff', () => {
      const markdown = writeRetrospective(
        input({
          roleHistory: [
            { role: 'commander', userId: 'UBOB', previousUserId: null, assignedBy: 'UALICE', assignedAt: at('14:20') },
            { role: 'commander', userId: 'UBOB', previousUserId: 'UBOB', assignedBy: 'UBOB', assignedAt: at('14:40') },
          ],
        }),
      );
      const commanders = section(markdown, 'Roles and handoffs')
        .split('\n')
        .filter((l) => l.startsWith('| Incident Commander'))
        .map(cells);
      expect(commanders).toEqual([
        ['Incident Commander', '@alice', '2026-11-21 15:00', '2026-11-21 15:20 (handed over)', '20m'],
        ['Incident Commander', '@bob', '2026-11-21 15:20', '2026-11-21 16:05 (resolved)', '45m'],
      ]);
    });

    it('with no assignment at all, the declarer was commander throughout', () => {
      const markdown = writeRetrospective(input());
      expect(row(markdown, 'Roles and handoffs', 'Incident Commander')).toEqual(['@alice', '2026-11-21 15:00', '2026-11-21 16:05 (resolved)', '1h 05m']);
      expect(section(markdown, 'Roles and handoffs')).toContain('No role was assigned: the declarer was commander throughout.');
    });
  });

  describe('participants', () => {
    it('counts the messages each person posted (deleted ones and system entries not counted), most active first', () => {
      const markdown = writeRetrospective(
        input({
          roleHistory: [{ role: 'ops', userId: 'UDAVE', previousUserId: null, assignedBy: 'UALICE', assignedAt: at('14:10') }],
          timeline: [
            entry({ authorId: 'UBOB', text: 'one', messageTs: '1.1' }),
            entry({ authorId: 'UBOB', text: 'two', messageTs: '1.2' }),
            entry({ authorId: 'UBOB', text: 'gone', messageTs: '1.3', deletedAt: at('14:30') }),
            entry({ authorId: 'UCAROL', text: 'reply', messageTs: '1.4', threadTs: '1.1' }),
            entry({ kind: 'severity_changed', authorId: 'UALICE', data: { from: 'sev2', to: 'sev1' } }),
          ],
          statusUpdates: [{ authorId: 'UCAROL', text: 'Update', state: null, postedAt: at('14:15'), nextUpdateDueAt: at('14:45') }],
        }),
      );
      const rows = section(markdown, 'Participants').split('\n').slice(2).map(cells);
      expect(rows).toEqual([
        ['@bob', '2', '0', ''],
        ['@carol', '1', '1', ''],
        ['@alice', '0', '0', 'declarer, Incident Commander'],
        ['@UDAVE', '0', '0', 'Operations Lead'],
      ]);
    });
  });

  describe('impact and status updates', () => {
    it('gives the description, the severity path and the latest update', () => {
      const markdown = writeRetrospective(
        input({
          timeline: [entry({ kind: 'severity_changed', occurredAt: at('14:10'), data: { from: 'sev3', to: 'sev1' } })],
          statusUpdates: [
            { authorId: 'UBOB', text: 'Second: *all* regions', state: 'monitoring', postedAt: at('14:50'), nextUpdateDueAt: at('15:20') },
            { authorId: 'UCAROL', text: 'First', state: 'identified', postedAt: at('14:30'), nextUpdateDueAt: at('15:00') },
          ],
        }),
      );
      const impact = section(markdown, 'Impact');
      expect(impact.split('\n')[0]).toBe('Customers cannot pay by card.');
      expect(impact).toContain('Severity over time: SEV3 → SEV1 (2026-11-21 15:10).');
      expect(impact).toContain('Latest status update (2026-11-21 15:50, @bob):\n\n- Second: *all* regions');
    });

    it('says when no impact was described and no update posted', () => {
      const markdown = writeRetrospective(input({ incident: incident({ description: '  ' }) }));
      expect(section(markdown, 'Impact')).toContain('_No impact was described when the incident was declared._');
      expect(section(markdown, 'Status updates')).toBe('_No status updates were posted._');
    });

    it('lists every status update in order with its author, state, next due time and text', () => {
      const markdown = writeRetrospective(
        input({
          statusUpdates: [
            { authorId: 'UBOB', text: 'Watching error rates\nall green', state: 'monitoring', postedAt: at('14:50'), nextUpdateDueAt: at('15:20') },
            { authorId: 'UCAROL', text: 'Bad deploy, rolling back', state: 'identified', postedAt: at('14:30'), nextUpdateDueAt: at('23:30') },
            { authorId: 'UCAROL', text: 'Still looking', state: null, postedAt: at('14:15'), nextUpdateDueAt: at('14:45') },
          ],
        }),
      );
      expect(section(markdown, 'Status updates').split('\n')).toEqual([
        '- **2026-11-21 15:15** @carol · next update due 15:45  ',
        '  Still looking',
        '- **2026-11-21 15:30** @carol · state: identified · next update due 2026-11-22 00:30  ',
        '  Bad deploy, rolling back',
        '- **2026-11-21 15:50** @bob · state: monitoring · next update due 16:20  ',
        '  Watching error rates  ',
        '  all green',
      ]);
    });
  });

  describe('timeline', () => {
    it('lists every entry in time order with time, who and what; system entries say what kind they are', () => {
      const markdown = writeRetrospective(
        input({
          timeline: [
            entry({ authorId: 'UBOB', text: 'errors are up', occurredAt: at('14:03'), messageTs: '3' }),
            entry({ kind: 'declared', authorId: 'UALICE', text: 'Declared INC-42 (SEV1)', occurredAt: at('14:00') }),
            entry({ kind: 'nudge', authorId: null, text: 'No update for 30m', occurredAt: at('14:40') }),
          ],
        }),
      );
      expect(timelineItems(markdown)).toEqual([
        '- **15:00** @alice · _declared_: Declared INC-42 (SEV1)',
        '- **15:03** @bob: errors are up',
        '- **15:40** Sitrep · _nudge_: No update for 30m',
      ]);
    });

    it('marks key events and edits, names shared files, and leaves deleted messages out', () => {
      const markdown = writeRetrospective(
        input({
          timeline: [
            entry({ text: 'root cause: expired cert', occurredAt: at('14:05'), messageTs: '5', keyEvent: true }),
            entry({ text: 'typo fixed', occurredAt: at('14:06'), messageTs: '6', editedAt: at('14:07') }),
            entry({ text: 'secret password 123', occurredAt: at('14:08'), messageTs: '8', deletedAt: at('14:09') }),
            entry({ text: 'logs attached', occurredAt: at('14:10'), messageTs: '10', files: [{ name: 'api.log' }, { name: 'graph.png' }] }),
          ],
        }),
      );
      expect(timelineItems(markdown)).toEqual([
        '- **15:05** 📌 @alice: root cause: expired cert',
        '- **15:06** @alice: typo fixed _(edited)_',
        '- **15:10** @alice: logs attached 📎 api.log, graph.png',
      ]);
      expect(markdown).not.toContain('secret password');
    });

    it('puts thread replies under their parent, and a reply whose parent is gone at its own place, marked', () => {
      const markdown = writeRetrospective(
        input({
          timeline: [
            entry({ authorId: 'UALICE', text: 'is it the db?', occurredAt: at('14:01'), messageTs: '100.1', threadTs: '100.1' }),
            entry({ authorId: 'UCAROL', text: 'unrelated', occurredAt: at('14:02'), messageTs: '100.2' }),
            entry({ authorId: 'UBOB', text: 'no, the cache', occurredAt: at('14:03'), messageTs: '100.3', threadTs: '100.1' }),
            entry({ authorId: 'UCAROL', text: 'deleted parent', occurredAt: at('14:04'), messageTs: '100.4', deletedAt: at('14:06') }),
            entry({ authorId: 'UBOB', text: 'answer to a deleted message', occurredAt: at('14:05'), messageTs: '100.5', threadTs: '100.4' }),
          ],
        }),
      );
      expect(timelineItems(markdown)).toEqual([
        '- **15:01** @alice: is it the db?',
        '  - **15:03** @bob: no, the cache',
        '- **15:02** @carol: unrelated',
        '- **15:05** @bob: answer to a deleted message _(reply in a thread)_',
      ]);
    });

    it('groups entries by day in TIMEZONE, and shows the date of a reply posted the next day', () => {
      const markdown = writeRetrospective(
        input({
          timeZone: 'America/New_York',
          timeline: [
            entry({ text: 'evening', occurredAt: at('04:30'), messageTs: '1' }),
            entry({ text: 'after midnight in New York', occurredAt: at('05:30'), messageTs: '2' }),
            entry({ authorId: 'UBOB', text: 'late reply', occurredAt: at('06:00'), messageTs: '3', threadTs: '1' }),
          ],
        }),
      );
      const timeline = section(markdown, 'Timeline');
      expect(timeline).toContain('### 2026-11-20\n\n- **23:30** @alice: evening\n  - **2026-11-21 01:00** @bob: late reply');
      expect(timeline).toContain('### 2026-11-21\n\n- **00:30** @alice: after midnight in New York');
    });

    it('keeps a message of several lines inside its item, whatever its lines start with', () => {
      const markdown = writeRetrospective(
        input({ timeline: [entry({ text: 'steps:\n\n1. restart\n- drain\n# not a heading\n```\n---', messageTs: '1' })] }),
      );
      expect(timelineItems(markdown)).toEqual(['- **15:00** @alice: steps:  ']);
      expect(section(markdown, 'Timeline').split('\n').slice(-5)).toEqual([
        '  1\\. restart  ',
        '  \\- drain  ',
        '  \\# not a heading  ',
        '  \\```  ',
        '  \\---',
      ]);
    });

    it('says when nothing was recorded', () => {
      expect(section(writeRetrospective(input()), 'Timeline')).toContain('_Nothing was recorded._');
    });
  });

  it('ends with blameless prompts to fill and action items as a checklist', () => {
    const markdown = writeRetrospective(input());
    expect(section(markdown, 'What went well')).toMatch(/^_.+_$/);
    expect(section(markdown, 'What went wrong')).toMatch(/not who/);
    expect(section(markdown, 'Where we got lucky')).toMatch(/^_.+_$/);
    const actions = section(markdown, 'Action items').split('\n');
    expect(actions.length).toBeGreaterThan(0);
    for (const line of actions) expect(line.startsWith('- [ ] ')).toBe(true);
  });

  it('names someone not looked up by the name recorded with their messages, else by their id', () => {
    const markdown = writeRetrospective(
      input({
        timeline: [
          entry({ authorId: 'UERIN', text: 'hi <@UERIN> <@UFRED>', messageTs: '1', data: { authorName: 'erin' } }),
          entry({ authorId: 'UBOB', text: 'hello', messageTs: '2', data: { authorName: 'bob-old-name' } }),
        ],
      }),
    );
    expect(timelineItems(markdown)).toEqual(['- **15:00** @erin: hi @erin @UFRED', '- **15:00** @bob: hello']);
    expect(row(markdown, 'Participants', '@erin')).toEqual(['1', '0', '']);
  });

  describe('Slack markup in messages', () => {
    const rendered = (text: string) =>
      timelineItems(writeRetrospective(input({ userNames: { U1: 'Alice Smith' }, timeline: [entry({ authorId: 'UX', text, messageTs: '1' })] })))[0]!.replace(
        '- **15:00** @UX: ',
        '',
      );

    it('shows mentions by name', () => {
      expect(rendered('ping <@U1>')).toBe('ping @Alice Smith');
      expect(rendered('ping <@U2|bob>')).toBe('ping @bob');
      expect(rendered('ping <@U3>')).toBe('ping @U3');
      expect(rendered('<!here> <!channel> <!everyone> <!subteam^S1|@oncall>')).toBe('@here @channel @everyone @oncall');
    });

    it('ids that are names of object properties are only ids', () => {
      expect(rendered('<@__proto__> <#constructor> <@toString>')).toBe('@__proto__ #constructor @toString');
    });

    it('shows channels by name', () => {
      expect(rendered('see <#C1|general>')).toBe('see #general');
      expect(rendered('see <#CDB>')).toBe('see #db-team');
      expect(rendered('see <#CDB|>')).toBe('see #db-team');
    });

    it('turns links into Markdown links', () => {
      expect(rendered('<https://grafana.example/d/1?a=1&amp;b=2|the dashboard>')).toBe('[the dashboard](https://grafana.example/d/1?a=1&b=2)');
      expect(rendered('<https://example.com/a_b>')).toBe('https://example.com/a_b');
      expect(rendered('<mailto:oncall@example.com|oncall@example.com>')).toBe('[oncall@example.com](mailto:oncall@example.com)');
      expect(rendered('<https://example.com/x|a ] label>')).toBe('[a \\] label](https://example.com/x)');
      expect(rendered('<https://example.com/has space)|x>')).toBe('[x](https://example.com/has%20space%29)');
    });

    it('unescapes what Slack escaped, and keeps it text', () => {
      expect(rendered('p99 &gt; 2s &amp; rising')).toBe('p99 &gt; 2s & rising');
      expect(rendered('R&amp;D')).toBe('R&D');
      expect(rendered('the literal &amp;lt; entity')).toBe('the literal &amp;lt; entity');
    });
  });

  describe('text from people cannot change the document', () => {
    it('a title with HTML, pipes, a newline and a trailing # keeps the heading and the table whole', () => {
      const markdown = writeRetrospective(input({ incident: incident({ title: 'Checkout <script>alert(1)</script> | down\n## Fake #' }) }));
      expect(markdown.split('\n')[0]).toBe('# INC-42: Checkout &lt;script&gt;alert(1)&lt;/script&gt; | down ## Fake \\#');
      expect(row(markdown, 'Summary', 'Title')).toEqual(['Checkout &lt;script&gt;alert(1)&lt;/script&gt; \\| down ## Fake #']);
      expect(markdown).not.toContain('<script');
      expectWellFormedTables(markdown);
    });

    it('names with pipes or markup stay inside their table cells', () => {
      const markdown = writeRetrospective(
        input({
          userNames: { UALICE: 'al|ice <b>', UBOB: 'bob\\' },
          roleHistory: [{ role: 'comms', userId: 'UBOB', previousUserId: null, assignedBy: 'UALICE', assignedAt: at('14:10') }],
          timeline: [entry({ kind: 'severity_changed', data: { from: 'sev2', to: 'sev1' } })],
        }),
      );
      expect(row(markdown, 'Summary', 'Declared')).toEqual(['2026-11-21 15:00 Europe/Paris by @al\\|ice &lt;b&gt;']);
      expectWellFormedTables(markdown);
    });

    it('messages cannot inject HTML, links, images or scripts', () => {
      const markdown = writeRetrospective(
        input({
          timeline: [
            entry({ text: '&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(1)) ![px](https://t.example/p.gif)', messageTs: '1' }),
            entry({ text: '<javascript:alert(1)|innocent>', messageTs: '2' }),
            entry({ text: 'raw <iframe src=x>', messageTs: '3' }),
          ],
        }),
      );
      const [html, scheme, raw] = timelineItems(markdown);
      expect(html).toBe('- **15:00** @alice: &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) !\\[px\\](https://t.example/p.gif)');
      expect(scheme).toBe('- **15:00** @alice: innocent');
      expect(raw).toBe('- **15:00** @alice: raw &lt;iframe src=x&gt;');
      expect(markdown).not.toMatch(/<(img|iframe|script)/);
      expect(markdown).not.toMatch(/(?<!\\)\]\(javascript:/);
    });

    it('a backslash typed by someone does not undo an escape', () => {
      const markdown = writeRetrospective(input({ timeline: [entry({ text: 'C:\\temp\\[x\\](y) \\&lt;b&gt;', messageTs: '1' })] }));
      expect(timelineItems(markdown)[0]).toBe('- **15:00** @alice: C:\\temp\\\\\\[x\\\\\\](y) \\\\&lt;b&gt;');
    });
  });

  it('is the same document for the same input', () => {
    const build = () =>
      input({
        roleHistory: [{ role: 'comms', userId: 'UBOB', previousUserId: null, assignedBy: 'UALICE', assignedAt: at('14:10') }],
        timeline: [entry({ id: '1', text: 'hello', messageTs: '1' })],
      });
    expect(writeRetrospective(build())).toBe(writeRetrospective(build()));
  });
});
