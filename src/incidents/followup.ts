import { addDays, wallTimeOf } from './zoned-time.js';
import { incidentKey } from './types.js';

export const FOLLOWUP_STATES = ['open', 'done', 'wont_do'] as const;
export type FollowupState = (typeof FOLLOWUP_STATES)[number];

/** An action item out of an incident: `INC-<n>-F<m>`, owned by one person, maybe due on a day. */
export interface Followup {
  incidentNumber: number;
  /** m in `INC-<n>-F<m>`: counts from 1 within the incident. */
  seq: number;
  text: string;
  ownerId: string;
  /** A calendar day `YYYY-MM-DD` in TIMEZONE, or null. */
  dueDate: string | null;
  state: FollowupState;
  createdBy: string;
  createdAt: Date;
  /** Permalink of the message it came from (the message shortcut), if any. */
  sourceLink: string | null;
  trackerUrl: string | null;
  /** Its message in the incident channel, once posted. */
  messageTs: string | null;
  changedBy: string | null;
  changedAt: Date | null;
}

export function followupKey(f: Pick<Followup, 'incidentNumber' | 'seq'>): string {
  return `${incidentKey(f.incidentNumber)}-F${f.seq}`;
}

/** `INC-12-F3` (any case) → its parts. */
export function parseFollowupKey(key: string): { incidentNumber: number; seq: number } | undefined {
  const m = /^INC-(\d+)-F(\d+)$/i.exec(key.trim());
  return m ? { incidentNumber: Number(m[1]), seq: Number(m[2]) } : undefined;
}

/** Today's calendar day in the zone, `YYYY-MM-DD`. */
export function dayIn(now: Date, timeZone: string, plusDays = 0): string {
  const wall = addDays(wallTimeOf(now, timeZone), plusDays);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Open and due before today (in the zone): a reminder is owed. */
export function isOverdue(f: Pick<Followup, 'state' | 'dueDate'>, today: string): boolean {
  return f.state === 'open' && f.dueDate !== null && f.dueDate < today;
}

/** Open ones first, overdue first among them, then by due day (none last), then by key. */
export function byUrgency(a: Followup, b: Followup): number {
  const open = Number(b.state === 'open') - Number(a.state === 'open');
  if (open !== 0) return open;
  const due = (a.dueDate ?? '9999-99-99').localeCompare(b.dueDate ?? '9999-99-99');
  if (due !== 0) return due;
  return a.incidentNumber - b.incidentNumber || a.seq - b.seq;
}

export const FOLLOWUP_TEXT_MAX = 300;

export type FollowupArgs =
  | { ok: true; text: string; ownerId: string | undefined; dueDate: string | null }
  | { ok: false; problem: 'no_text' | 'bad_date' | 'too_long' };

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const DUE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `<text> [<@owner>] [due YYYY-MM-DD | in Nd]`: the owner and the due day are read off the end, in
 * either order; the rest is the text.
 */
export function parseFollowupArgs(args: string, now: Date, timeZone: string): FollowupArgs {
  const words = args.trim().split(/\s+/).filter((w) => w !== '');
  let ownerId: string | undefined;
  let dueDate: string | null = null;
  for (let changed = true; changed && words.length > 0; ) {
    changed = false;
    const last = words[words.length - 1]!;
    const before = words[words.length - 2]?.toLowerCase();
    const mention = MENTION.exec(last);
    if (mention && ownerId === undefined) {
      ownerId = mention[1];
      words.pop();
      changed = true;
    } else if (before === 'due' && dueDate === null) {
      if (!DUE_DATE.test(last) || !isCalendarDay(last)) return { ok: false, problem: 'bad_date' };
      dueDate = last;
      words.splice(-2);
      changed = true;
    } else if (before === 'in' && dueDate === null && /^\d{1,3}d$/i.test(last)) {
      dueDate = dayIn(now, timeZone, Number(last.slice(0, -1)));
      words.splice(-2);
      changed = true;
    }
  }
  const text = words.join(' ');
  if (text === '') return { ok: false, problem: 'no_text' };
  if (text.length > FOLLOWUP_TEXT_MAX) return { ok: false, problem: 'too_long' };
  return { ok: true, text, ownerId, dueDate };
}

export function isCalendarDay(day: string): boolean {
  if (!DUE_DATE.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
