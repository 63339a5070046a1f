import { addDays, type WallTime, zoneOf } from './zoned-time.js';

const CLOCK = /^(\d{1,2}):(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ t](\d{1,2}):(\d{2})$/;
const AGO = /^((?:\d+\s*[a-z]+\s*)+)ago$/;
const AGO_PART = /(\d+)\s*([a-z]+)/g;

const UNIT_MS: Record<string, number> = {
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

/**
 * No incident Sitrep tracks started before this; an earlier time is a typo (year 0, 1900, or
 * `9999999999m ago`), and Postgres cannot store some of them at all.
 */
export const EARLIEST_MILESTONE = new Date('2000-01-01T00:00:00Z');

/** True when `at` is a time a milestone may have: a real date, not before EARLIEST_MILESTONE. */
export function isPlausibleMilestone(at: Date): boolean {
  return Number.isFinite(at.getTime()) && at.getTime() >= EARLIEST_MILESTONE.getTime();
}

/**
 * When a milestone happened, as a responder types it: `14:05` (today in the zone, or yesterday
 * when today's 14:05 has not come yet), `2026-11-21 14:05` (in the zone), or `20m ago`,
 * `2h ago`, `90s ago`, `1h 30m ago`. Anything else is undefined.
 */
export function parseMilestoneTime(text: string, now: Date, timeZone: string): Date | undefined {
  const input = text.trim().toLowerCase();

  const clock = CLOCK.exec(input);
  if (clock) {
    const time = clockTime(Number(clock[1]), Number(clock[2]));
    if (!time) return undefined;
    const zone = zoneOf(timeZone);
    const today = { ...zone.wallTimeOf(now), ...time };
    const candidate = zone.instantOf(today);
    return candidate.getTime() <= now.getTime() ? candidate : zone.instantOf(addDays(today, -1));
  }

  const dateTime = DATE_TIME.exec(input);
  if (dateTime) {
    const [year, month, day, hour, minute] = dateTime.slice(1).map(Number) as [number, number, number, number, number];
    const time = clockTime(hour, minute);
    if (!time || year < 1000 || !isCalendarDate(year, month, day)) return undefined;
    return zoneOf(timeZone).instantOf({ year, month, day, ...time });
  }

  const ago = AGO.exec(input);
  if (ago) {
    let ms = 0;
    for (const [, amount, unit] of ago[1]!.matchAll(AGO_PART)) {
      const unitMs = UNIT_MS[unit!];
      if (unitMs === undefined) return undefined;
      ms += Number(amount) * unitMs;
    }
    const at = new Date(now.getTime() - ms);
    // Amounts too big for a date (…e20 days) are unreadable, not a time.
    return Number.isFinite(at.getTime()) ? at : undefined;
  }
  return undefined;
}

function clockTime(hour: number, minute: number): Pick<WallTime, 'hour' | 'minute' | 'second'> | undefined {
  return hour <= 23 && minute <= 59 ? { hour, minute, second: 0 } : undefined;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day;
}
