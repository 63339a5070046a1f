import { type Zone, zoneOf } from './zoned-time.js';

/** Times are stored and computed in UTC; these format them in the configured zone for people. */

/** A zone's name, or a `Zone` built once by a caller that formats many times. */
type ZoneLike = string | Zone;
const zoneFor = (zone: ZoneLike): Zone => (typeof zone === 'string' ? zoneOf(zone) : zone);

const pad = (n: number) => String(n).padStart(2, '0');

/** `14:35` in the zone. */
export function formatClock(date: Date, timeZone: ZoneLike): string {
  const wall = zoneFor(timeZone).wallTimeOf(date);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** `2026-11-21 14:35 UTC` in the zone. */
export function formatDateTime(date: Date, timeZone: ZoneLike): string {
  const zone = zoneFor(timeZone);
  const wall = zone.wallTimeOf(date);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)} ${zone.name}`;
}

/** `1h 05m`, `12m`, `45s`, `2d 3h`: short, for people. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600) % 24;
  const days = Math.floor(totalSeconds / 86_400);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m`;
}
