import { enqueueEffects, type NewEffect } from '../db/effect-store.js';
import { findFollowupByTrackerRef, followupsOf, followupsOwnedBy, getFollowup, insertFollowup, setFollowupState } from '../db/followup-store.js';
import type { Db } from '../db/database.js';
import { appendSystemEntry, entryOfEffect, setEntryMessage } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import { FOLLOWUP_TEXT_MAX, type Followup, followupKey, type FollowupState } from '../incidents/followup.js';
import type { UseCaseContext } from './context.js';
import { loadIncident, withIncidentLocked } from './load-incident.js';

/** Effect kinds follow-ups owe; their handlers live in src/slack/followup-effects.ts. */
export const FOLLOWUP_EFFECTS = {
  /** Post the follow-up's message in the incident channel, or edit it to its stored state. */
  show: 'followup.show',
  /** Open its issue in the tracker of the process file, if there is one. */
  track: 'followup.track',
} as const;

// One lane: a follow-up's message is posted before any edit of it.
export const FOLLOWUP_LANE = 'followups';
// The tracker has a lane of its own, so a tracker down or rate limiting never holds up the messages.
const TRACKER_LANE = 'followups.tracker';

export interface CreateFollowupInput {
  incidentNumber: number;
  text: string;
  /** Default: whoever creates it. */
  ownerId: string | undefined;
  dueDate: string | null;
  createdBy: string;
  sourceLink: string | null;
}

/** A follow-up is owned by a person of the workspace: not a bot, not a deactivated account. */
async function checkOwner(ctx: UseCaseContext, userId: string): Promise<void> {
  if (userId === ctx.botUserId) throw new IncidentError('followup_owner_invalid', { userId, cause: 'bot' });
  const person = await ctx.workspace.person(userId);
  if (person.kind !== 'person') throw new IncidentError('followup_owner_invalid', { userId, cause: person.kind });
}

const showEffect = (f: Followup): NewEffect => ({ kind: FOLLOWUP_EFFECTS.show, incidentNumber: f.incidentNumber, lane: FOLLOWUP_LANE, payload: { seq: f.seq } });

/** Stores a follow-up (any state of the incident, closed too: action items come later), puts it on the timeline, owes its message. */
export async function createFollowup(ctx: UseCaseContext, input: CreateFollowupInput): Promise<Followup> {
  const text = input.text.trim();
  if (text === '') throw new IncidentError('followup_invalid', { problem: 'no_text', maxLength: FOLLOWUP_TEXT_MAX });
  if (text.length > FOLLOWUP_TEXT_MAX) throw new IncidentError('followup_invalid', { problem: 'too_long', maxLength: FOLLOWUP_TEXT_MAX });
  const ownerId = input.ownerId ?? input.createdBy;
  await checkOwner(ctx, ownerId);
  const now = ctx.now();
  const followup = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx) => {
    const created = await insertFollowup(trx, { incidentNumber: input.incidentNumber, text, ownerId, dueDate: input.dueDate, createdBy: input.createdBy, createdAt: now, sourceLink: input.sourceLink });
    const key = followupKey(created);
    await appendSystemEntry(trx, input.incidentNumber, {
      kind: 'followup',
      authorId: input.createdBy,
      text: `Follow-up ${key}: ${text}`,
      occurredAt: now,
      data: { key, seq: created.seq, change: 'created', owner: ownerId, due: input.dueDate },
    });
    await enqueueEffects(trx, [showEffect(created), { kind: FOLLOWUP_EFFECTS.track, incidentNumber: input.incidentNumber, lane: TRACKER_LANE, payload: { seq: created.seq } }], now);
    return created;
  });
  ctx.effects.poke();
  return followup;
}

export interface ChangeFollowupInput {
  incidentNumber: number;
  seq: number;
  state: FollowupState;
  by: string;
}

const CHANGE_WORDS: Record<FollowupState, string> = { open: 'reopened', done: 'done', wont_do: "won't do" };

/**
 * Marks a follow-up done, won't do, or open again. A repeated click changes nothing and returns
 * `changed: false`; a change goes on the timeline and edits the follow-up's message.
 */
export async function changeFollowup(ctx: UseCaseContext, input: ChangeFollowupInput): Promise<{ followup: Followup; changed: boolean }> {
  const now = ctx.now();
  const key = followupKey(input);
  const result = await withIncidentLocked(ctx.db, input.incidentNumber, async (trx) => {
    const changed = await setFollowupState(trx, input.incidentNumber, input.seq, input.state, input.by, now);
    if (!changed) {
      const current = await getFollowup(trx, input.incidentNumber, input.seq);
      if (!current) throw new IncidentError('followup_not_found', { key });
      return { followup: current, changed: false };
    }
    await appendSystemEntry(trx, input.incidentNumber, {
      kind: 'followup',
      authorId: input.by,
      text: `Follow-up ${key} ${CHANGE_WORDS[input.state]}: ${changed.text}`,
      occurredAt: now,
      data: { key, seq: input.seq, change: input.state },
    });
    await enqueueEffects(trx, [showEffect(changed)], now);
    return { followup: changed, changed: true };
  });
  if (result.changed) ctx.effects.poke();
  return result;
}

/** This incident's follow-ups, in the order made. */
export async function incidentFollowups(ctx: UseCaseContext, incidentNumber: number): Promise<Followup[]> {
  await loadIncident(ctx.db, incidentNumber);
  return followupsOf(ctx.db, incidentNumber);
}

/** One person's follow-ups across incidents. */
export function ownedFollowups(ctx: UseCaseContext, ownerId: string, openOnly: boolean): Promise<Followup[]> {
  return followupsOwnedBy(ctx.db, ownerId, openOnly);
}

/** A tracker issue closed or reopened: its follow-up becomes done or open again (by the bot, for the tracker). */
export async function trackerIssueChanged(ctx: UseCaseContext, ref: string, closed: boolean): Promise<boolean> {
  const followup = await findFollowupByTrackerRef(ctx.db, ref);
  if (!followup) return false;
  const { changed } = await changeFollowup(ctx, { incidentNumber: followup.incidentNumber, seq: followup.seq, state: closed ? 'done' : 'open', by: ctx.botUserId });
  return changed;
}

/**
 * A follow-up's tracker issue given up after its tries goes on the timeline, so the record (and
 * `sitrep timeline`) says the follow-up has no issue; linked to the channel message once posted.
 */
export async function recordTrackerGivenUp(
  deps: { db: Db; now: () => Date },
  followup: Followup,
  failure: { tracker: string; error: string; tries: number; effectId: string },
): Promise<{ linkMessage: (message: { channel: string; ts: string }) => Promise<void> }> {
  const key = followupKey(followup);
  const entryId = await withIncidentLocked(
    deps.db,
    followup.incidentNumber,
    // A report tried again (its post failed) finds the entry its first try stored.
    async (trx) =>
      (await entryOfEffect(trx, followup.incidentNumber, 'followup', failure.effectId)) ??
      appendSystemEntry(trx, followup.incidentNumber, {
        kind: 'followup',
        authorId: null,
        text: `Follow-up ${key}: no issue in ${failure.tracker} after ${failure.tries} ${failure.tries === 1 ? 'try' : 'tries'} (${failure.error.replace(/\.$/, '')}); open it by hand`,
        occurredAt: deps.now(),
        data: { key, seq: followup.seq, change: 'tracker_given_up', tracker: failure.tracker, error: failure.error, tries: failure.tries, effectId: failure.effectId },
      }),
  );
  return { linkMessage: (message) => setEntryMessage(deps.db, entryId, message) };
}
