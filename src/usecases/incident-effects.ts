import type { Db } from '../db/database.js';
import { enqueueCoalescedEffect, enqueueEffects, type NewEffect } from '../db/effect-store.js';
import { IncidentError } from '../incidents/errors.js';
import type { Headline } from '../incidents/retrospective/figures.js';
import type { IncidentState, Role, Severity } from '../incidents/types.js';
import { SlackCallError } from './slack-gateway.js';
import type { UseCaseContext } from './context.js';
import type { PageNotice } from './ports.js';

/**
 * The effects the lifecycle owes, in incident terms: stored with the change (same transaction), run
 * by the dispatcher (`incident-effect-handlers.ts`), each once, retried, reported when given up.
 */
export const INCIDENT_EFFECTS = {
  statusUpdate: 'incident.status_update_posted',
  resolved: 'incident.resolved_posted',
  reopened: 'incident.reopened_posted',
  severityChanged: 'incident.severity_change_posted',
  roleChanged: 'incident.role_change_posted',
  closed: 'incident.closed_posted',
  views: 'incident.views_refreshed',
  paged: 'incident.page_posted',
  nudgeEscalated: 'incident.nudge_escalated',
} as const;

export type IncidentNoticePayload =
  | { kind: typeof INCIDENT_EFFECTS.statusUpdate; updateId: number; entryId: string; previousState: IncidentState | null; announce: boolean }
  | { kind: typeof INCIDENT_EFFECTS.resolved; by: string; note: string | null; at: string; entryId: string }
  | { kind: typeof INCIDENT_EFFECTS.reopened; by: string; entryId: string }
  | { kind: typeof INCIDENT_EFFECTS.severityChanged; from: Severity; to: Severity; by: string; announce: boolean; entryId: string }
  | { kind: typeof INCIDENT_EFFECTS.roleChanged; role: Role; userId: string; previousUserId: string | null; entryId: string }
  | ({ kind: typeof INCIDENT_EFFECTS.paged; entryId: string } & PageNotice)
  | { kind: typeof INCIDENT_EFFECTS.closed; version: number; closedBy: string; headline: Headline };

/** Posts in the incident's channel run in the order stored; card, topic and announcement in their own lane. */
const NOTICE_LANE = 'channel';
export const VIEWS_LANE = 'views';

// How long the person who acted waits for the post before being answered from the stored state.
const ANSWER_WAIT_MS = 2_500;

/**
 * Stores, in the change's transaction, the notice it owes (if any) and a refresh of the card, topic
 * and announcement (one waiting refresh per incident, however many changes come in a burst).
 * Returns the notice's effect id.
 */
export async function oweIncidentEffects(
  trx: Db,
  incidentNumber: number,
  notice: IncidentNoticePayload | undefined,
  now: Date,
  /** A refresh for a change that may come every second (alerts) waits for this, so they coalesce. */
  viewsNotBefore?: Date,
): Promise<string | undefined> {
  let noticeId: string | undefined;
  if (notice) {
    const effect: NewEffect = { kind: notice.kind, incidentNumber, lane: NOTICE_LANE, payload: notice };
    [noticeId] = await enqueueEffects(trx, [effect], now);
  }
  await enqueueCoalescedEffect(trx, { kind: INCIDENT_EFFECTS.views, incidentNumber, lane: VIEWS_LANE, ...(viewsNotBefore ? { runAfter: viewsNotBefore } : {}) }, now);
  return noticeId;
}

/**
 * After the commit: starts the effects now, and gives the post a moment so the person who acted
 * sees it in the channel as they are answered. Not done in time, or failed, is no failure of the
 * change: it stays stored and the dispatcher goes on trying. Returns what the notice's run recorded.
 */
export async function runOwedEffects(ctx: UseCaseContext, owed: { incidentNumber: number; noticeId: string | undefined; change: string }): Promise<Record<string, unknown> | undefined> {
  ctx.effects.poke();
  if (owed.noticeId === undefined) return undefined;
  const outcome = await ctx.effects.settled(owed.noticeId, ANSWER_WAIT_MS).catch((error: unknown) => {
    ctx.logger.warn({ err: error, effect: owed.noticeId }, 'could not look at the effect');
    return undefined;
  });
  if (!outcome || outcome.state === 'done') return outcome?.result ?? undefined;
  throw new IncidentError('stored_not_posted', {
    incident: owed.incidentNumber,
    change: owed.change,
    cause: slackErrorOf(outcome.lastError),
    pending: outcome.state === 'pending',
  });
}

/** The Slack failure an effect last stopped on, from its stored message (`Slack <method> failed: <code>`). */
function slackErrorOf(lastError: string | null): unknown {
  const match = /^Slack (\S+) failed: (\S+)$/.exec(lastError ?? '');
  return match ? new SlackCallError(match[1]!, match[2]!, false) : lastError;
}
