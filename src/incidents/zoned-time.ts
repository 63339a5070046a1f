/**
 * Wall-clock time in a named zone, both ways, with Intl alone (no time zone library).
 * A `Zone` holds one formatter: building one costs ten times more than using it, so a caller
 * that asks many times (a retrospective, a DST search) builds its zone once. No cache across
 * calls: a single formatting pays about 60 µs (bench/zoned-time.ts).
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

const DAY_MS = 86_400_000;

export interface Zone {
  readonly name: string;
  wallTimeOf(date: Date): WallTime;
  /** How far the zone's clocks are ahead of UTC at this instant, in ms. */
  offsetAt(instant: number): number;
  /**
   * The instant the zone's clocks show this wall time. Around a DST change it behaves as people
   * expect (Temporal's "compatible"): a time that happens twice is the first one; a time skipped
   * by the spring-forward gap is moved forward by the gap (02:30 → 03:30).
   */
  instantOf(wall: WallTime): Date;
}

export function zoneOf(timeZone: string): Zone {
  const formatter = new Intl.DateTimeFormat('en-US', {
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
  const wallTimeOf = (date: Date): WallTime => {
    const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of formatter.formatToParts(date)) {
      if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
    }
    return wall;
  };
  const offsetAt = (instant: number): number => {
    const wholeSecond = Math.floor(instant / 1000) * 1000;
    return wallAsUtc(wallTimeOf(new Date(wholeSecond))) - wholeSecond;
  };
  const instantOf = (wall: WallTime): Date => {
    const target = wallAsUtc(wall);
    // The offsets on either side of any transition near this time: one of them is in force.
    const before = offsetAt(target - DAY_MS);
    const after = offsetAt(target + DAY_MS);
    const matches = [target - before, target - after].filter((t) => offsetAt(t) === target - t);
    if (matches.length > 0) return new Date(Math.min(...matches));
    return new Date(target - before);
  };
  return { name: timeZone, wallTimeOf, offsetAt, instantOf };
}

/** The wall time of one instant, for a caller that asks once. */
export function wallTimeOf(date: Date, timeZone: string): WallTime {
  return zoneOf(timeZone).wallTimeOf(date);
}

/** The wall time read as if it were UTC: differences between these are wall-clock differences. */
function wallAsUtc(wall: WallTime): number {
  const utc = new Date(0);
  utc.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  utc.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return utc.getTime();
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
