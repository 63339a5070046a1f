/**
 * Wall-clock time in a named zone, both ways, with Intl alone (no time zone library).
 * Formatters are cached per zone: building one costs far more than using it.
 */

/** A calendar date and time as a clock on the wall of the zone shows it. */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      // h23, not hour12: false, which shows midnight as 24 in some Node versions.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallTimeOf(date: Date, timeZone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
  }
  return wall;
}

/** The wall time read as if it were UTC: differences between these are wall-clock differences. */
function wallAsUtc(wall: WallTime): number {
  const utc = new Date(0);
  utc.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  utc.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return utc.getTime();
}

/** How far the zone's clocks are ahead of UTC at this instant, in ms. */
export function offsetAt(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(wallTimeOf(new Date(wholeSecond), timeZone)) - wholeSecond;
}

const DAY_MS = 86_400_000;

/**
 * The instant the zone's clocks show this wall time. Around a DST change it behaves as people
 * expect (Temporal's "compatible"): a time that happens twice is the first one; a time skipped
 * by the spring-forward gap is moved forward by the gap (02:30 → 03:30).
 */
export function instantOf(wall: WallTime, timeZone: string): Date {
  const target = wallAsUtc(wall);
  // The offsets on either side of any transition near this time: one of them is in force.
  const before = offsetAt(target - DAY_MS, timeZone);
  const after = offsetAt(target + DAY_MS, timeZone);
  const matches = [target - before, target - after].filter((t) => offsetAt(t, timeZone) === target - t);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(target - before);
}

/** The calendar day after shifting by whole days (month and year roll over). */
export function addDays(wall: WallTime, days: number): WallTime {
  const shifted = new Date(wallAsUtc(wall) + days * DAY_MS);
  return {
    ...wall,
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}
