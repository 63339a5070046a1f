import { formatDuration } from '../time.js';
import { zoneOf } from '../zoned-time.js';
import type { RetrospectiveInput } from './input.js';
import { inlineText } from './markdown.js';

/** Names to show for the ids a message's markup carries. */
export interface Names {
  users: Readonly<Record<string, string>>;
  channels: Readonly<Record<string, string>>;
}

/** Reads people's messages, stored as the chat sent them, as inline Markdown (the chat side implements it). */
export interface MessageMarkup {
  toMarkdown(text: string, names: Names): string;
}

/** How the retrospective shows people, times and text: one place, shared by every section. */
export interface Format {
  timeZone: string;
  /**
   * `@Alice Smith`: the name looked up, else the name recorded with their messages, else the id;
   * `Sitrep` for what nobody did by hand.
   */
  person(userId: string | null): string;
  /** A Slack message as inline Markdown (may span lines). */
  slack(text: string): string;
  /** `2026-11-21 14:05`, in the zone. */
  dateTime(date: Date): string;
  /** `2026-11-21`, in the zone. */
  day(date: Date): string;
  /** `14:05` on the day of the reference, else `2026-11-22 00:05`. */
  timeAfter(date: Date, reference: Date): string;
  /** `1h 05m`; `—` when either end is unknown; a warning when the end comes first. */
  between(from: Date | null, to: Date | null): string;
}

interface Stamp {
  day: string;
  clock: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const QUARTER_HOUR_MS = 900_000;

export function formatFor(input: Pick<RetrospectiveInput, 'timeZone' | 'userNames' | 'channelNames' | 'timeline'>, markup: MessageMarkup): Format {
  // Messages carry their author's name as Slack gave it then: the fallback for anyone not looked up.
  const users: Record<string, string> = Object.create(null);
  for (const entry of input.timeline) {
    const { authorName } = entry.data;
    if (entry.authorId && typeof authorName === 'string' && authorName) users[entry.authorId] = authorName;
  }
  Object.assign(users, input.userNames);
  const names: Names = { users, channels: input.channelNames };
  // Intl is the costly part of a long timeline: ask it the zone's offset once per quarter hour
  // (offsets only change on quarter hours) and do the rest with UTC arithmetic.
  const zone = zoneOf(input.timeZone);
  const offsets = new Map<number, number>();
  const stamp = (date: Date): Stamp => {
    const quarter = Math.floor(date.getTime() / QUARTER_HOUR_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = zone.offsetAt(quarter * QUARTER_HOUR_MS);
      offsets.set(quarter, offset);
    }
    const wall = new Date(date.getTime() + offset);
    return {
      day: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
      clock: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
    };
  };

  return {
    timeZone: input.timeZone,
    person: (userId) => (userId ? `@${inlineText(users[userId] ?? userId)}` : 'Sitrep'),
    slack: (text) => markup.toMarkdown(text, names),
    dateTime: (date) => {
      const { day, clock } = stamp(date);
      return `${day} ${clock}`;
    },
    day: (date) => stamp(date).day,
    timeAfter: (date, reference) => {
      const { day, clock } = stamp(date);
      return day === stamp(reference).day ? clock : `${day} ${clock}`;
    },
    between: (from, to) => {
      if (!from || !to) return '—';
      const ms = to.getTime() - from.getTime();
      return ms < 0 ? `⚠ ends ${formatDuration(-ms)} before it starts` : formatDuration(ms);
    },
  };
}
