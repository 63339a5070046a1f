import { enqueueEffects } from '../db/effect-store.js';
import { getIncident } from '../db/incident-store.js';
import {
  type CandidateCursor,
  claimNudge,
  findNudgeCandidates,
  findUnsentNudges,
  giveUpNudge,
  giveUpNudgeChannelGone,
  isChannelGone,
  markNudgeSent,
  type NudgeCandidate,
  reclaimNudge,
  recordNudgeFailure,
  rescheduleNudge,
} from '../db/nudge-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { dueNudge, nextNudgeAt, nudgeAudience, stillInWindow } from '../incidents/nudge-policy.js';
import { formatDuration } from '../incidents/time.js';
import { isOpenState } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { INCIDENT_EFFECTS } from './incident-effects.js';
import { type NudgeNotice, type Posted, RoomGone } from './ports.js';
import { SlackCallError } from './slack-gateway.js';

/** A claim older than this whose post never finished (its replica stopped) may be taken over. */
export const NUDGE_CLAIM_LEASE_MS = 60_000;
/** Failed posts of one nudge before it is given up; its incident is nudged again next window. */
export const NUDGE_MAX_ATTEMPTS = 5;
// Escalations do not wait behind the channel's notices, nor hold them up.
const ESCALATION_LANE = 'escalation';
/** Incidents read per page of the sweep; a sweep reads pages until none is owed a nudge now. */
export const NUDGE_SWEEP_PAGE = 200;

export interface SweepResult {
  sent: number;
  failed: number;
  gaveUp: number;
}

type Outcome = keyof SweepResult;

/** One nudge being delivered: which incident, which claim, and the incident as the sweep saw it. */
interface Delivery {
  nudgeId: number;
  /** Tried before by an earlier sweep. */
  retry: boolean;
  streak: number;
  target: Omit<NudgeCandidate, 'latestNudge' | 'nextUpdateDueAt' | 'nextNudgeAt'>;
}

/**
 * The clock's sweep: retries nudges earlier sweeps could not post, then nudges every open
 * incident whose status update is overdue and not yet nudged in this window. Each nudge is
 * claimed in the database first, so with several replicas each is posted by exactly one.
 */
export async function sendDueNudges(ctx: UseCaseContext, replicaId: string): Promise<SweepResult> {
  const now = ctx.now();
  const result: SweepResult = { sent: 0, failed: 0, gaveUp: 0 };

  for (const unsent of await findUnsentNudges(ctx.db, now, NUDGE_CLAIM_LEASE_MS)) {
    if (!unsent.stillWanted || !stillInWindow(unsent, ctx.policy.updateEveryMs(unsent.severity), now)) {
      await giveUpNudge(ctx.db, unsent.id, 'superseded: the incident was updated or closed, or the window passed', now);
      continue;
    }
    if (!(await reclaimNudge(ctx.db, unsent.id, replicaId, now, NUDGE_CLAIM_LEASE_MS))) continue;
    const target = await loadTarget(ctx, unsent.incidentNumber);
    if (!target) {
      await giveUpNudge(ctx.db, unsent.id, 'superseded: the incident was resolved or closed', now);
      continue;
    }
    result[await deliver(ctx, { nudgeId: unsent.id, retry: true, streak: unsent.streak, target })]++;
  }

  // Each claim moves its incident's next nudge a window on; the cursor still pages past any left behind.
  let after: CandidateCursor | undefined;
  for (;;) {
    const page = await findNudgeCandidates(ctx.db, now, { limit: NUDGE_SWEEP_PAGE, after });
    for (const candidate of page) await nudgeIfDue(ctx, replicaId, candidate, now, result);
    const last = page.at(-1);
    if (!last || page.length < NUDGE_SWEEP_PAGE) break;
    after = { nextNudgeAt: last.nextNudgeAt, incidentNumber: last.incidentNumber };
  }
  ctx.metrics?.nudgesSwept(result);
  return result;
}

/** Claims and delivers the nudge the candidate is owed, or stores when its next one is really due. */
async function nudgeIfDue(ctx: UseCaseContext, replicaId: string, candidate: NudgeCandidate, now: Date, result: SweepResult): Promise<void> {
  const latest = candidate.latestNudge;
  const windowMs = ctx.policy.updateEveryMs(candidate.severity);
  const schedule = {
    nextUpdateDueAt: candidate.nextUpdateDueAt,
    lastUpdateAt: candidate.lastUpdateAt,
    windowMs,
    latest: latest && { dueAt: latest.dueAt, streak: latest.streak, channelGone: isChannelGone(latest.gaveUpAt, latest.lastError) },
  };
  const due = dueNudge({ ...schedule, now });
  if (!due) {
    // Stored too early (a migrated incident, a cadence lengthened since it was stored): put it right once.
    await rescheduleNudge(ctx.db, candidate.incidentNumber, candidate.nextNudgeAt, nextNudgeAt(schedule));
    return;
  }
  const nudgeId = await claimNudge(ctx.db, {
    incidentNumber: candidate.incidentNumber,
    dueAt: due.dueAt,
    streak: due.streak,
    claimedBy: replicaId,
    claimedAt: now,
    lastUpdateAt: candidate.lastUpdateAt,
    nextNudgeAt: new Date(due.dueAt.getTime() + windowMs),
  });
  // Another replica claimed this window first, or the incident changed since the query.
  if (nudgeId === undefined) return;
  result[await deliver(ctx, { nudgeId, retry: false, streak: due.streak, target: candidate })]++;
}

/** The incident as a retry needs it; undefined when it has no channel any more to post in. */
async function loadTarget(ctx: UseCaseContext, incidentNumber: number): Promise<Delivery['target'] | undefined> {
  const incident = await getIncident(ctx.db, incidentNumber);
  if (!incident?.channelId || !isOpenState(incident.state)) return undefined;
  const roles = await currentRoleHolders(ctx.db, incidentNumber);
  return {
    incidentNumber,
    severity: incident.severity,
    private: incident.private,
    declarerId: incident.declarerId,
    channelId: incident.channelId,
    announcementTs: incident.announcementTs,
    lastUpdateAt: incident.lastUpdateAt,
    roles,
  };
}

/** Posts a claimed nudge, records it, then escalates; a failed post is kept for the next sweep. */
async function deliver(ctx: UseCaseContext, { nudgeId, retry, streak, target }: Delivery): Promise<Outcome> {
  const log = ctx.logger.child({ incident: target.incidentNumber, nudge: nudgeId, streak });
  const audience = nudgeAudience(target, target.roles, streak, ctx.config.incidentsChannel, ctx.policy);
  const nudge: NudgeNotice = {
    nudgeId,
    retry,
    incidentNumber: target.incidentNumber,
    channelId: target.channelId,
    sinceLastUpdateMs: ctx.now().getTime() - target.lastUpdateAt.getTime(),
    audience,
    streak,
    windowMs: ctx.policy.updateEveryMs(target.severity),
  };

  let posted: Posted;
  try {
    posted = await ctx.notifier.nudged(nudge);
  } catch (error) {
    if (error instanceof RoomGone) {
      await giveUpNudgeChannelGone(ctx.db, nudgeId, error.code, ctx.now());
      log.warn({ channel: target.channelId, code: error.code }, 'incident channel is archived or gone: nudge given up, no more until the next update');
      return 'gaveUp';
    }
    const code = error instanceof SlackCallError ? error.code : String(error);
    const { gaveUp } = await recordNudgeFailure(ctx.db, nudgeId, { error: code, at: ctx.now(), maxAttempts: NUDGE_MAX_ATTEMPTS });
    log.warn({ err: error, gaveUp }, gaveUp ? `nudge failed ${NUDGE_MAX_ATTEMPTS} times: given up` : 'nudge failed; retried at the next sweep');
    return gaveUp ? 'gaveUp' : 'failed';
  }

  const sentAt = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await markNudgeSent(trx, nudgeId, { messageTs: posted.ts, sentAt });
    await appendSystemEntry(trx, target.incidentNumber, {
      kind: 'nudge',
      authorId: null,
      text: `No status update for ${formatDuration(nudge.sinceLastUpdateMs)}: nudged ${audience.mentioned.map((u) => `<@${u}>`).join(', ')}${streak > 1 ? ` (${streak} in a row)` : ''}`,
      occurredAt: sentAt,
      data: {
        streak,
        mentioned: audience.mentioned,
        ...(audience.directMessageTo ? { directMessageTo: audience.directMessageTo } : {}),
        ...(audience.announcementThreadMention ? { announcementThreadMention: audience.announcementThreadMention.userId } : {}),
      },
      channelId: posted.channel,
      messageTs: posted.ts,
    });
    // Owed with the sent nudge: retried on its own and found on a retry, so never sent twice nor the nudge repeated.
    if (audience.directMessageTo || audience.announcementThreadMention) {
      await enqueueEffects(trx, [{ kind: INCIDENT_EFFECTS.nudgeEscalated, incidentNumber: target.incidentNumber, lane: ESCALATION_LANE, payload: { nudge } }], sentAt);
    }
  });
  log.info({ channel: target.channelId }, 'nudged a stale incident');
  ctx.effects.poke();
  return 'sent';
}
