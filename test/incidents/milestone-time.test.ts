import { describe, expect, it } from 'vitest';
import { isPlausibleMilestone, parseMilestoneTime } from '../../src/incidents/milestone-time.js';

const utc = (iso: string) => new Date(iso);
const parse = (text: string, now: string, zone = 'UTC') => parseMilestoneTime(text, utc(now), zone)?.toISOString();

describe('milestone times', () => {
  describe('a clock time like 14:05', () => {
    it('is today in the zone when that has passed', () => {
      expect(parse('14:05', '2026-11-21T15:00:00Z')).toBe('2026-11-21T14:05:00.000Z');
      expect(parse('9:30', '2026-11-21T15:00:00Z')).toBe('2026-11-21T09:30:00.000Z');
      expect(parse('15:00', '2026-11-21T15:00:00Z')).toBe('2026-11-21T15:00:00.000Z');
    });

    it('is yesterday when today’s has not come yet', () => {
      expect(parse('14:05', '2026-11-21T13:00:00Z')).toBe('2026-11-20T14:05:00.000Z');
      expect(parse('23:59', '2026-01-01T00:10:00Z')).toBe('2025-12-31T23:59:00.000Z');
    });

    it('reads the clock in Europe/Paris', () => {
      // 16:00 in Paris (UTC+1 in November).
      expect(parse('14:05', '2026-11-21T15:00:00Z', 'Europe/Paris')).toBe('2026-11-21T13:05:00.000Z');
      // 00:30 on the 21st in Paris, still the 20th in UTC: 23:50 is yesterday in Paris.
      expect(parse('23:50', '2026-11-20T23:30:00Z', 'Europe/Paris')).toBe('2026-11-20T22:50:00.000Z');
      expect(parse('00:15', '2026-11-20T23:30:00Z', 'Europe/Paris')).toBe('2026-11-20T23:15:00.000Z');
      // Summer time: UTC+2.
      expect(parse('14:05', '2026-07-01T15:00:00Z', 'Europe/Paris')).toBe('2026-07-01T12:05:00.000Z');
    });

    it('reads the clock in America/New_York, where today is still yesterday in UTC', () => {
      // 22:00 on the 20th in New York (UTC−5).
      expect(parse('21:30', '2026-11-21T03:00:00Z', 'America/New_York')).toBe('2026-11-21T02:30:00.000Z');
      expect(parse('23:00', '2026-11-21T03:00:00Z', 'America/New_York')).toBe('2026-11-20T04:00:00.000Z');
    });

    it('counts yesterday in the offset yesterday had, across a DST change', () => {
      // 01:30 in Paris on the night clocks go forward (still CET): yesterday's 14:05 was CET too.
      expect(parse('14:05', '2026-03-29T00:30:00Z', 'Europe/Paris')).toBe('2026-03-28T13:05:00.000Z');
      // 14:00 CEST on that day: 01:30 this morning was CET, 03:30 was CEST.
      expect(parse('01:30', '2026-03-29T12:00:00Z', 'Europe/Paris')).toBe('2026-03-29T00:30:00.000Z');
      expect(parse('03:30', '2026-03-29T12:00:00Z', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
    });
  });

  describe('a date and time like 2026-11-21 14:05', () => {
    it('is read in the zone', () => {
      expect(parse('2026-11-21 14:05', '2026-11-22T00:00:00Z')).toBe('2026-11-21T14:05:00.000Z');
      expect(parse('2026-11-21 14:05', '2026-11-22T00:00:00Z', 'Europe/Paris')).toBe('2026-11-21T13:05:00.000Z');
      expect(parse('2026-11-21T14:05', '2026-11-22T00:00:00Z', 'America/New_York')).toBe('2026-11-21T19:05:00.000Z');
      expect(parse('2026-07-04 09:00', '2026-11-22T00:00:00Z', 'America/New_York')).toBe('2026-07-04T13:00:00.000Z');
      expect(parse('2026-11-21 14:05', '2026-11-22T00:00:00Z', 'Asia/Kolkata')).toBe('2026-11-21T08:35:00.000Z');
    });

    it('moves a time skipped when clocks go forward by the gap', () => {
      expect(parse('2026-03-29 02:30', '2026-11-22T00:00:00Z', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
      expect(parse('2026-03-08 02:30', '2026-11-22T00:00:00Z', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    });

    it('takes the first of a time that happens twice when clocks go back', () => {
      expect(parse('2026-10-25 02:30', '2026-11-22T00:00:00Z', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
      expect(parse('2026-10-25 03:30', '2026-11-22T00:00:00Z', 'Europe/Paris')).toBe('2026-10-25T02:30:00.000Z');
      expect(parse('2026-11-01 01:30', '2026-11-22T00:00:00Z', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    });
  });

  describe('a time ago like 20m ago', () => {
    it('counts back from now in seconds, minutes, hours or days', () => {
      const now = '2026-11-21T15:00:00Z';
      expect(parse('20m ago', now)).toBe('2026-11-21T14:40:00.000Z');
      expect(parse('2h ago', now)).toBe('2026-11-21T13:00:00.000Z');
      expect(parse('90s ago', now)).toBe('2026-11-21T14:58:30.000Z');
      expect(parse('1h 30m ago', now)).toBe('2026-11-21T13:30:00.000Z');
      expect(parse('1h30m ago', now)).toBe('2026-11-21T13:30:00.000Z');
      expect(parse('2 hours ago', now)).toBe('2026-11-21T13:00:00.000Z');
      expect(parse('1d ago', now)).toBe('2026-11-20T15:00:00.000Z');
      expect(parse('  20M AGO ', now, 'Europe/Paris')).toBe('2026-11-21T14:40:00.000Z');
    });
  });

  it('anything else is not a time', () => {
    const now = '2026-11-21T15:00:00Z';
    for (const text of ['', 'soon', 'yesterday', '25:00', '14:60', '14:5', '1400', '2026-02-30 10:00', '2026-13-01 10:00',
      '2026-11-21', '20x ago', 'ago', '-5m ago', '20m', '20m from now', '14:05 tomorrow']) {
      expect(parseMilestoneTime(text, utc(now), 'UTC'), text).toBeUndefined();
    }
  });

  it('gives no time for amounts past what a date holds, and tells years before 2000 apart as implausible', () => {
    const now = utc('2026-11-21T15:00:00Z');
    expect(parseMilestoneTime('99999999999999999999d ago', now, 'UTC')).toBeUndefined();
    expect(parseMilestoneTime('0000-01-01 10:00', now, 'UTC')).toBeUndefined();
    for (const text of ['9999999999m ago', '1900-01-01 10:00', '1999-12-31 23:59']) {
      const at = parseMilestoneTime(text, now, 'UTC');
      expect(at, text).toBeInstanceOf(Date);
      expect(isPlausibleMilestone(at!), text).toBe(false);
    }
    expect(isPlausibleMilestone(parseMilestoneTime('2000-01-01 00:00', now, 'UTC')!)).toBe(true);
    expect(isPlausibleMilestone(parseMilestoneTime('20m ago', now, 'UTC')!)).toBe(true);
  });
});
