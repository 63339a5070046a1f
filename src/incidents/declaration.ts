import { z } from 'zod';
import { IncidentError } from './errors.js';
import type { Incident } from './incident.js';
import type { IncidentPolicy } from './policy.js';
import type { DeclareStep, Severity } from './types.js';

export const TITLE_MAX = 150;

/** An incident's title: 1 to 150 characters once trimmed, counted as the database counts them (code points). */
export const incidentTitle = z
  .string()
  .trim()
  .min(1, 'Give the incident a title.')
  .refine((title) => [...title].length <= TITLE_MAX, `Keep the title to ${TITLE_MAX} characters or fewer.`)
  // The database cannot store U+0000; refused here rather than failing at the insert.
  .refine((title) => !title.includes('\u0000'), 'The title cannot contain a NUL character (U+0000).');


export interface QuickDeclaration {
  severity: Severity;
  title: string;
}

/** `sev1 DB down` → sev1 and `DB down`; `DB down` → the default severity. `SEV1` and `Sev1` count too. */
export function parseQuickDeclare(args: string, policy: IncidentPolicy): QuickDeclaration {
  const text = args.trim();
  const first = /^\S+/.exec(text)?.[0] ?? '';
  // A word shaped like a severity (sev5 too) is read as one, so a typo is refused rather than kept in the title.
  const namesSeverity = policy.looksLikeSeverity(first);
  const severity = namesSeverity ? policy.findSeverity(first)?.id : policy.defaultSeverity;
  if (severity === undefined) throw new IncidentError('quick_declare_invalid', { problem: `The severity is one of ${policy.severityIds.join(', ')}.` });
  const title = incidentTitle.safeParse(namesSeverity ? text.slice(first.length) : text);
  if (!title.success) throw new IncidentError('quick_declare_invalid', { problem: title.error.issues[0]?.message ?? '' });
  return { severity, title: title.data };
}

/** Declaring counts as a status update: the first one is due one stale window after it. */
export function firstUpdateDue(declaredAt: Date, severity: Severity, policy: IncidentPolicy): Date {
  return new Date(declaredAt.getTime() + policy.updateEveryMs(severity));
}

/**
 * The work of declaring the declare sequence does itself: reserve a name, create the room, then owe
 * the rest (invite, topic, card, announcement) to the effect queue, which runs it side by side.
 */
export type DeclareAction = 'reserve_name' | 'create_channel' | 'owe_rest';

/** What a room's declaration still owes once the room exists; each runs as its own effect. */
export type DeclareFollowUp = 'invite' | 'topic' | 'card' | 'announce';

const FOLLOW_UPS: readonly DeclareFollowUp[] = ['invite', 'topic', 'card', 'announce'];

/**
 * The follow-ups still owed from a step. `announced` is the sequence's end: the room exists and the
 * rest is owed as effects. The steps between are those an older version recorded one by one; a
 * declaration it left part-way owes what comes after its step.
 */
export function followUpsOwed(step: DeclareStep): DeclareFollowUp[] {
  const done = { reserved: 0, created: 0, invited: 1, topic_set: 2, card_posted: 3, announced: 4 }[step];
  return FOLLOW_UPS.slice(done);
}

/**
 * What a declaration does next, or undefined when it is finished or abandoned. A new row starts at
 * step `reserved` with no channel name: the name is the first thing to reserve.
 */
export function nextDeclareAction(incident: Pick<Incident, 'declareStep' | 'channelName' | 'abandonedAt'>): DeclareAction | undefined {
  if (incident.abandonedAt) return undefined;
  if (incident.channelName === null) return 'reserve_name';
  if (incident.declareStep === 'reserved') return 'create_channel';
  return incident.declareStep === 'announced' ? undefined : 'owe_rest';
}

const RETRY_NOTE = 'will retry';

/** The note kept in `declare_error`: which call failed, how, and what the declaration did about it. */
export function declareErrorNote(method: string, code: string, outcome: 'retrying' | 'abandoned'): string {
  const consequence = { retrying: RETRY_NOTE, abandoned: 'declaration abandoned' }[outcome];
  return `${method}: ${code}; ${consequence}`;
}

/** True when the note is about a step still to be retried, so it is cleared once that step succeeds. */
export function awaitsRetry(note: string | null): boolean {
  return note?.endsWith(RETRY_NOTE) ?? false;
}
