import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident.js';
import { headlineOf } from '../../src/incidents/retrospective/figures.js';
import type { StatusUpdate } from '../../src/incidents/retrospective/input.js';
import { channelsLinkedIn, usersNamedIn } from '../../src/incidents/retrospective/references.js';
import type { TimelineEntry } from '../../src/incidents/timeline-entry.js';

const at = (hhmm: string) => new Date(`2026-11-21T${hhmm}:00Z`);

const incident: Incident = {
  number: 7,
  title: 'Checkout failing for <@UTITLE>',
  description: 'Orders stuck, see <#C0DASH|dashboards> and <#C0OTHER>; ask <@UDESC|desc>',
  severity: 'sev2',
  state: 'resolved',
  private: false,
  declarerId: 'UALICE',
  channelId: 'C0INC7',
  channelName: 'inc-7-checkout-failing',
  cardTs: null,
  announcementTs: null,
  declareStep: 'announced',
  declareError: null,
  abandonedAt: null,
  declaredAt: at('14:00'),
  identifiedAt: null,
  monitoringAt: null,
  resolvedAt: at('15:30'),
  closedAt: null,
  reopenedAt: null,
  severityChangedAt: at('14:00'),
  impactStartedAt: null,
  detectedAt: null,
  mitigatedAt: null,
  lastUpdateAt: at('14:00'),
  nextUpdateDueAt: at('14:30'),
};

const entry = (overrides: Partial<TimelineEntry>): TimelineEntry => ({
  id: '1',
  kind: 'message',
  authorId: 'UBOB',
  text: '',
  occurredAt: at('14:05'),
  messageTs: '1.1',
  threadTs: null,
  files: [],
  editedAt: null,
  deletedAt: null,
  keyEvent: false,
  data: {},
  ...overrides,
});

const update = (authorId: string, text: string, postedAt = at('14:20')): StatusUpdate => ({ authorId, text, state: null, postedAt, nextUpdateDueAt: postedAt });

const record = {
  incident,
  roleHistory: [
    { role: 'comms' as const, userId: 'UCAROL', previousUserId: 'UDAVE', assignedBy: 'UERIN', assignedAt: at('14:10') },
  ],
  timeline: [
    entry({ text: 'paging <@UFRANK> and <@W0GRID|grid>, graphs in <#C0DASH>' }),
    entry({ authorId: 'UGHOST', text: 'gone <@UHIDDEN> <#C0HIDDEN>', deletedAt: at('14:06') }),
    entry({ kind: 'nudge', authorId: null, text: 'No update for 30m' }),
  ],
  statusUpdates: [update('UHANK', 'rolled back, thanks <@UIVY>')],
};

describe('who and what the retrospective names', () => {
  it('lists every person it names once: declarer, role holders and assigners, authors, mentions in any text', () => {
    expect(usersNamedIn(record).sort()).toEqual(
      ['UALICE', 'UCAROL', 'UDAVE', 'UERIN', 'UBOB', 'UFRANK', 'W0GRID', 'UHANK', 'UIVY', 'UTITLE', 'UDESC'].sort(),
    );
  });

  it('leaves out the authors and mentions of deleted messages: they are not shown', () => {
    expect(usersNamedIn(record)).not.toContain('UGHOST');
    expect(usersNamedIn(record)).not.toContain('UHIDDEN');
    expect(channelsLinkedIn(record)).not.toContain('C0HIDDEN');
  });

  it('lists the channels linked with or without a label, once', () => {
    expect(channelsLinkedIn(record).sort()).toEqual(['C0DASH', 'C0OTHER']);
  });
});

describe('the headline figures of a close', () => {
  const now = at('16:00');

  it('counts from declaring to close when impact start is unknown, and time to resolve from declaring', () => {
    const headline = headlineOf({ incident, timeline: [], statusUpdates: [update('UB', 'a'), update('UB', 'b')], now });
    expect(headline).toEqual({ durationMs: 2 * 3_600_000, durationFrom: 'declared', timeToResolveMs: 90 * 60_000, statusUpdates: 2 });
  });

  it('counts from impact start when it came before declaring', () => {
    const headline = headlineOf({ incident: { ...incident, impactStartedAt: at('13:30') }, timeline: [], statusUpdates: [], now });
    expect(headline).toMatchObject({ durationMs: 150 * 60_000, durationFrom: 'impact started', statusUpdates: 0 });
  });
});
