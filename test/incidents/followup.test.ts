import { describe, expect, it } from 'vitest';
import { byUrgency, dayIn, type Followup, followupKey, isOverdue, parseFollowupArgs, parseFollowupKey } from '../../src/incidents/followup.js';

const NOW = new Date('2026-11-29T03:00:00Z'); // still the 28th in New York
const TZ = 'America/New_York';

describe('follow-ups', () => {
  it('reads the owner and the due day off the end, in either order', () => {
    expect(parseFollowupArgs('Add a runbook for the DB failover <@U2|bob> due 2026-12-04', NOW, TZ)).toEqual({ ok: true, text: 'Add a runbook for the DB failover', ownerId: 'U2', dueDate: '2026-12-04' });
    expect(parseFollowupArgs('Alert on queue depth in 3d <@W9>', NOW, TZ)).toEqual({ ok: true, text: 'Alert on queue depth', ownerId: 'W9', dueDate: '2026-12-01' });
    expect(parseFollowupArgs('Write it down', NOW, TZ)).toEqual({ ok: true, text: 'Write it down', ownerId: undefined, dueDate: null });
    // "in" in the middle of the text is text.
    expect(parseFollowupArgs('Fix the bug in checkout', NOW, TZ)).toMatchObject({ text: 'Fix the bug in checkout', dueDate: null });
  });

  it('refuses a missing text and a day that does not exist', () => {
    expect(parseFollowupArgs('<@U2> due 2026-12-04', NOW, TZ)).toEqual({ ok: false, problem: 'no_text' });
    expect(parseFollowupArgs('Thing due 2026-02-30', NOW, TZ)).toEqual({ ok: false, problem: 'bad_date' });
    expect(parseFollowupArgs('Thing due tomorrow', NOW, TZ)).toEqual({ ok: false, problem: 'bad_date' });
    expect(parseFollowupArgs('x'.repeat(301), NOW, TZ)).toEqual({ ok: false, problem: 'too_long' });
  });

  it('names follow-ups INC-<n>-F<m> and reads the name back', () => {
    expect(followupKey({ incidentNumber: 12, seq: 3 })).toBe('INC-12-F3');
    expect(parseFollowupKey('inc-12-f3')).toEqual({ incidentNumber: 12, seq: 3 });
    expect(parseFollowupKey('INC-12')).toBeUndefined();
  });

  it('is overdue when open and due before today in the zone; open and overdue sort first', () => {
    const today = dayIn(NOW, TZ);
    expect(today).toBe('2026-11-28');
    const f = (seq: number, state: Followup['state'], dueDate: string | null) => ({ incidentNumber: 1, seq, state, dueDate }) as Followup;
    expect(isOverdue(f(1, 'open', '2026-11-27'), today)).toBe(true);
    expect(isOverdue(f(1, 'open', '2026-11-28'), today)).toBe(false);
    expect(isOverdue(f(1, 'done', '2026-11-01'), today)).toBe(false);
    const sorted = [f(1, 'done', '2026-11-01'), f(2, 'open', null), f(3, 'open', '2026-12-01'), f(4, 'open', '2026-11-20')].sort(byUrgency);
    expect(sorted.map((x) => x.seq)).toEqual([4, 3, 2, 1]);
  });
});
