import { commanderOf, type Incident, type RoleHolders } from './incident.js';
import type { IncidentPolicy } from './policy.js';

/** The latest nudge since the incident's last status update (sent, being sent, or given up). */
export interface EarlierNudge {
  /** The overdue moment it was for. */
  dueAt: Date;
  streak: number;
  /** Given up because the incident channel is archived or gone: nudging it again is pointless. */
  channelGone: boolean;
}

export interface NudgeClock {
  nextUpdateDueAt: Date;
  lastUpdateAt: Date;
  /** The severity's STALE_AFTER: the stale window. */
  windowMs: number;
  latest: EarlierNudge | undefined;
  now: Date;
}

export interface DueNudge {
  /** The start of the window this nudge is for: one nudge per incident per window. */
  dueAt: Date;
  /** 1 for the first nudge since the last update, 2 for the second in a row, … */
  streak: number;
}

/** What decides when an incident's next nudge is due: everything but the time it is now. */
export type NudgeSchedule = Omit<NudgeClock, 'now'>;

/**
 * When the incident's next nudge is due, or null when none is until its next status update (its
 * channel is gone). The first is due when the next update is (never before the last update
 * itself); each later one a whole window after the previous, with the window of the severity as
 * it is now, so a severity change never brings two nudges closer than one window. Stored on the
 * incident, so the sweep reads only incidents owed a nudge.
 */
export function nextNudgeAt(schedule: NudgeSchedule): Date | null {
  const { latest, windowMs } = schedule;
  if (latest?.channelGone) return null;
  const firstDue = Math.max(schedule.nextUpdateDueAt.getTime(), schedule.lastUpdateAt.getTime());
  return new Date(latest ? Math.max(firstDue, latest.dueAt.getTime() + windowMs) : firstDue);
}

/**
 * Whether an open incident is owed a nudge now, and for which window (see nextNudgeAt). Windows
 * missed while nothing swept collapse into one nudge.
 */
export function dueNudge(clock: NudgeClock): DueNudge | undefined {
  const earliest = nextNudgeAt(clock)?.getTime();
  const now = clock.now.getTime();
  if (earliest === undefined || now < earliest) return undefined;
  const windowsPassed = Math.floor((now - earliest) / clock.windowMs);
  return { dueAt: new Date(earliest + windowsPassed * clock.windowMs), streak: (clock.latest?.streak ?? 0) + 1 };
}

/**
 * A nudge whose post failed is retried only within its own window: once the window has passed,
 * the next window's nudge replaces it rather than both going out together.
 */
export function stillInWindow(nudge: { dueAt: Date }, windowMs: number, now: Date): boolean {
  return now.getTime() < nudge.dueAt.getTime() + windowMs;
}

/** Who a nudge is for and how far it escalates. */
export interface NudgeAudience {
  /** Mentioned in the nudge: the commander (the declarer until someone else is) and the holders of the nudged roles (the comms lead). */
  mentioned: string[];
  /** From the second nudge in a row: the commander also gets a direct message. */
  directMessageTo: string | undefined;
  /** From the third: the first nudged role's holder (the comms lead; else the declarer), mentioned in the announcement's thread in INCIDENTS_CHANNEL. */
  announcementThreadMention: { channel: string; threadTs: string; userId: string } | undefined;
}

export function nudgeAudience(
  incident: Pick<Incident, 'declarerId' | 'private' | 'announcementTs'>,
  roles: RoleHolders,
  streak: number,
  incidentsChannel: string | undefined,
  policy: IncidentPolicy,
): NudgeAudience {
  const commander = commanderOf(incident, roles, policy);
  const updaters = policy.nudgedRoles.flatMap((role) => roles[role.id] ?? []);
  const mentioned = [...new Set([commander, ...updaters])];
  // A private incident stays out of the shared channel; without an announcement there is no thread.
  const thread =
    streak >= 3 && !incident.private && incidentsChannel && incident.announcementTs
      ? { channel: incidentsChannel, threadTs: incident.announcementTs, userId: updaters[0] ?? incident.declarerId }
      : undefined;
  return { mentioned, directMessageTo: streak >= 2 ? commander : undefined, announcementThreadMention: thread };
}
