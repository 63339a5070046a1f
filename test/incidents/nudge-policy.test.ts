import { describe, expect, it } from 'vitest';
import { dueNudge, type EarlierNudge, nextNudgeAt, nudgeAudience, stillInWindow } from '../../src/incidents/nudge-policy.js';
import { todaysPolicy } from '../support/policy.js';

const MINUTE = 60_000;
const t0 = new Date('2026-11-21T14:00:00.000Z');
const at = (minutes: number, ms = 0) => new Date(t0.getTime() + minutes * MINUTE + ms);
const nudged = (dueMinutes: number, streak: number, channelGone = false): EarlierNudge => ({ dueAt: at(dueMinutes), streak, channelGone });

/** A sev1 (15m window) last updated at 14:00, next update due 14:15. */
const sev1 = { lastUpdateAt: at(0), nextUpdateDueAt: at(15), windowMs: 15 * MINUTE };

describe('when a nudge is due', () => {
  it('is due exactly when the next update is, not a millisecond before', () => {
    expect(dueNudge({ ...sev1, latest: undefined, now: at(15, -1) })).toBeUndefined();
    expect(dueNudge({ ...sev1, latest: undefined, now: at(15) })).toEqual({ dueAt: at(15), streak: 1 });
  });

  it('gives a nudge late in its window the window start as its due time', () => {
    expect(dueNudge({ ...sev1, latest: undefined, now: at(29, 59_999) })).toEqual({ dueAt: at(15), streak: 1 });
  });

  it('does not nudge again in the same window, however many sweeps run', () => {
    for (const minutes of [15, 16, 20, 29]) {
      expect(dueNudge({ ...sev1, latest: nudged(15, 1), now: at(minutes) })).toBeUndefined();
    }
    expect(dueNudge({ ...sev1, latest: nudged(15, 1), now: at(30, -1) })).toBeUndefined();
  });

  it('nudges again one window after the previous nudge, counting the streak', () => {
    expect(dueNudge({ ...sev1, latest: nudged(15, 1), now: at(30) })).toEqual({ dueAt: at(30), streak: 2 });
    expect(dueNudge({ ...sev1, latest: nudged(30, 2), now: at(45) })).toEqual({ dueAt: at(45), streak: 3 });
    expect(dueNudge({ ...sev1, latest: nudged(45, 3), now: at(60, 30_000) })).toEqual({ dueAt: at(60), streak: 4 });
  });

  it('sends one nudge for windows missed while nothing swept, on the window grid', () => {
    expect(dueNudge({ ...sev1, latest: nudged(15, 1), now: at(71) })).toEqual({ dueAt: at(60), streak: 2 });
    expect(dueNudge({ ...sev1, latest: undefined, now: at(50) })).toEqual({ dueAt: at(45), streak: 1 });
  });

  it('follows the time an update named instead of the severity default', () => {
    const named = { lastUpdateAt: at(0), nextUpdateDueAt: at(5), windowMs: 15 * MINUTE };
    expect(dueNudge({ ...named, latest: undefined, now: at(5, -1) })).toBeUndefined();
    expect(dueNudge({ ...named, latest: undefined, now: at(5) })).toEqual({ dueAt: at(5), streak: 1 });
    expect(dueNudge({ ...named, latest: nudged(5, 1), now: at(19) })).toBeUndefined();
    expect(dueNudge({ ...named, latest: nudged(5, 1), now: at(20) })).toEqual({ dueAt: at(20), streak: 2 });
  });

  it('never nudges before the update itself, even when the named time had already passed', () => {
    const past = { lastUpdateAt: at(10), nextUpdateDueAt: at(5), windowMs: 15 * MINUTE };
    expect(dueNudge({ ...past, latest: undefined, now: at(10, -1) })).toBeUndefined();
    expect(dueNudge({ ...past, latest: undefined, now: at(10) })).toEqual({ dueAt: at(10), streak: 1 });
  });

  it('starts a new streak after a status update (only nudges since the update count)', () => {
    const afterUpdate = { lastUpdateAt: at(40), nextUpdateDueAt: at(55), windowMs: 15 * MINUTE };
    expect(dueNudge({ ...afterUpdate, latest: undefined, now: at(54) })).toBeUndefined();
    expect(dueNudge({ ...afterUpdate, latest: undefined, now: at(55) })).toEqual({ dueAt: at(55), streak: 1 });
  });

  it('keeps a whole new window between nudges when the severity gets worse', () => {
    // sev3 (1h) nudged at 15:00; raised to sev1 (15m): next update recomputed to 14:00 + 15m.
    const raised = { lastUpdateAt: at(0), nextUpdateDueAt: at(15), windowMs: 15 * MINUTE };
    expect(dueNudge({ ...raised, latest: nudged(60, 1), now: at(70) })).toBeUndefined();
    expect(dueNudge({ ...raised, latest: nudged(60, 1), now: at(75, -1) })).toBeUndefined();
    expect(dueNudge({ ...raised, latest: nudged(60, 1), now: at(75) })).toEqual({ dueAt: at(75), streak: 2 });
  });

  it('waits the longer window when the severity gets milder', () => {
    // sev1 nudged at 14:15 and 14:30; lowered to sev3 (1h): next update recomputed to 15:00.
    const lowered = { lastUpdateAt: at(0), nextUpdateDueAt: at(60), windowMs: 60 * MINUTE };
    expect(dueNudge({ ...lowered, latest: nudged(30, 2), now: at(60) })).toBeUndefined();
    expect(dueNudge({ ...lowered, latest: nudged(30, 2), now: at(90, -1) })).toBeUndefined();
    expect(dueNudge({ ...lowered, latest: nudged(30, 2), now: at(90) })).toEqual({ dueAt: at(90), streak: 3 });
  });

  it('stops nudging an incident whose channel is gone until someone posts an update', () => {
    expect(dueNudge({ ...sev1, latest: nudged(15, 1, true), now: at(120) })).toBeUndefined();
  });
});

describe('retrying a nudge that could not be posted', () => {
  it('is worth it until its window ends, not from the moment the next window starts', () => {
    expect(stillInWindow({ dueAt: at(15) }, 15 * MINUTE, at(29, 59_999))).toBe(true);
    expect(stillInWindow({ dueAt: at(15) }, 15 * MINUTE, at(30))).toBe(false);
  });
});

describe('who a nudge is for', () => {
  const incident = { declarerId: 'UDECLARER', private: false, announcementTs: '1763733600.000100' };

  it('mentions the commander and the comms lead', () => {
    const audience = nudgeAudience(incident, { commander: 'UIC', comms: 'UCOMMS', ops: 'UOPS' }, 1, 'CINCIDENTS', todaysPolicy);
    expect(audience).toEqual({ mentioned: ['UIC', 'UCOMMS'], directMessageTo: undefined, announcementThreadMention: undefined });
  });

  it('mentions the declarer when no one holds either role', () => {
    expect(nudgeAudience(incident, {}, 1, 'CINCIDENTS', todaysPolicy).mentioned).toEqual(['UDECLARER']);
    expect(nudgeAudience(incident, { ops: 'UOPS' }, 1, 'CINCIDENTS', todaysPolicy).mentioned).toEqual(['UDECLARER']);
  });

  it('mentions the declarer as commander beside a comms lead, and one person holding both once', () => {
    expect(nudgeAudience(incident, { comms: 'UCOMMS' }, 1, undefined, todaysPolicy).mentioned).toEqual(['UDECLARER', 'UCOMMS']);
    expect(nudgeAudience(incident, { commander: 'UBOTH', comms: 'UBOTH' }, 1, undefined, todaysPolicy).mentioned).toEqual(['UBOTH']);
  });

  it('messages the commander directly from the second nudge in a row', () => {
    expect(nudgeAudience(incident, { commander: 'UIC' }, 1, undefined, todaysPolicy).directMessageTo).toBeUndefined();
    expect(nudgeAudience(incident, { commander: 'UIC' }, 2, undefined, todaysPolicy).directMessageTo).toBe('UIC');
    expect(nudgeAudience(incident, {}, 2, undefined, todaysPolicy).directMessageTo).toBe('UDECLARER');
    expect(nudgeAudience(incident, { commander: 'UIC' }, 3, undefined, todaysPolicy).directMessageTo).toBe('UIC');
  });

  it('mentions the comms lead under the announcement from the third nudge in a row', () => {
    expect(nudgeAudience(incident, { comms: 'UCOMMS' }, 2, 'CINCIDENTS', todaysPolicy).announcementThreadMention).toBeUndefined();
    expect(nudgeAudience(incident, { comms: 'UCOMMS' }, 3, 'CINCIDENTS', todaysPolicy).announcementThreadMention).toEqual({
      channel: 'CINCIDENTS',
      threadTs: '1763733600.000100',
      userId: 'UCOMMS',
    });
    expect(nudgeAudience(incident, { commander: 'UIC' }, 4, 'CINCIDENTS', todaysPolicy).announcementThreadMention?.userId).toBe('UDECLARER');
  });

  it('keeps private incidents, and incidents never announced, out of the incidents channel', () => {
    expect(nudgeAudience({ ...incident, private: true }, { comms: 'UCOMMS' }, 3, 'CINCIDENTS', todaysPolicy).announcementThreadMention).toBeUndefined();
    expect(nudgeAudience(incident, { comms: 'UCOMMS' }, 3, undefined, todaysPolicy).announcementThreadMention).toBeUndefined();
    expect(nudgeAudience({ ...incident, announcementTs: null }, { comms: 'UCOMMS' }, 3, 'CINCIDENTS', todaysPolicy).announcementThreadMention).toBeUndefined();
  });
});

describe('when the next nudge is stored as due', () => {
  it('is the next update\'s due time before any nudge, a window after the last nudge since, none once the channel is gone', () => {
    expect(nextNudgeAt({ ...sev1, latest: undefined })).toEqual(at(15));
    expect(nextNudgeAt({ ...sev1, latest: nudged(15, 1) })).toEqual(at(30));
    // Raised to a 5-minute window after a nudge at 14:15: the next one 14:20, never before the next update.
    expect(nextNudgeAt({ ...sev1, windowMs: 5 * MINUTE, latest: nudged(15, 1) })).toEqual(at(20));
    expect(nextNudgeAt({ ...sev1, latest: nudged(15, 1, true) })).toBeNull();
  });

  it('is exactly when dueNudge starts owing one', () => {
    for (const latest of [undefined, nudged(15, 1), nudged(40, 2)]) {
      const next = nextNudgeAt({ ...sev1, latest })!;
      expect(dueNudge({ ...sev1, latest, now: new Date(next.getTime() - 1) })).toBeUndefined();
      expect(dueNudge({ ...sev1, latest, now: next })?.dueAt).toEqual(next);
    }
  });
});
