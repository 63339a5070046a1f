import { describe, expect, it } from 'vitest';
import type { Headline } from '../../../src/incidents/retrospective/figures.js';
import { closedAnnouncement, closedNotice } from '../../../src/slack/blocks/close-notice.js';

const headline: Headline = { durationMs: 2 * 3_600_000 + 5 * 60_000, durationFrom: 'declared', timeToResolveMs: 110 * 60_000, statusUpdates: 4 };

describe('the close notices', () => {
  it('comments the retrospective file with who closed it, the version, what to fill in and the headline figures', () => {
    expect(closedNotice({ number: 12 }, 'UALICE', headline, { version: 2, attached: true }).text).toBe(
      ':lock: *INC-12 closed* by <@UALICE>. Retrospective draft (version 2) attached: fill in what went well, what went wrong, where we got lucky, and the action items.\n' +
        'Duration 2h 05m (declared → closed) · time to resolve 1h 50m · 4 status updates',
    );
  });

  it('says where the stored draft is when the file could not be attached', () => {
    const text = closedNotice({ number: 12 }, 'UALICE', { ...headline, statusUpdates: 1 }, { version: 1, attached: false }).text;
    expect(text).toContain('The retrospective draft (version 1) is saved, but Slack would not take the file: `sitrep retro INC-12` prints it.');
    expect(text).toMatch(/· 1 status update$/);
  });

  it('announces the close with a link to the channel holding the draft', () => {
    expect(closedAnnouncement({ number: 12, channelId: 'C0INC12' }, 'UBOB', { ...headline, durationFrom: 'impact started', timeToResolveMs: null, statusUpdates: 0 }).text).toBe(
      ':lock: *INC-12 closed* by <@UBOB>. The retrospective draft is in <#C0INC12>.\nDuration 2h 05m (impact started → closed) · never resolved · 0 status updates',
    );
  });
});
