import { updateIncident } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { assertChangeable } from '../incidents/lifecycle.js';
import type { Severity } from '../incidents/types.js';
import { severityNotice } from '../slack/blocks/incident-notices.js';
import { replyToAnnouncement } from './announce.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';
import { refreshIncidentViews } from './refresh-incident-views.js';

export interface ChangeSeverityInput {
  incidentNumber: number;
  severity: Severity;
  changedBy: string;
}

export type SeverityChange = { changed: false; incident: Incident } | { changed: true; incident: Incident; from: Severity };

/**
 * Changes the severity: stored with its time, on the timeline, the update cadence follows the new
 * severity from the last update, and a rise to a major severity is announced.
 */
export async function changeSeverity(ctx: UseCaseContext, input: ChangeSeverityInput): Promise<SeverityChange> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  assertChangeable(incident, 'severity');
  const from = incident.severity;
  const to = input.severity;
  if (from === to) return { changed: false, incident };

  const notice = severityNotice(incident, from, to, input.changedBy, ctx.policy);
  const posted = await ctx.slack.postMessage(incident.channelId, notice);
  const now = ctx.now();
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const saved = await updateIncident(trx, incident.number, {
      severity: to,
      severityChangedAt: now,
      nextUpdateDueAt: new Date(incident.lastUpdateAt.getTime() + ctx.policy.updateEveryMs(to)),
    });
    await appendSystemEntry(trx, incident.number, {
      kind: 'severity_changed',
      authorId: input.changedBy,
      text: `Severity ${ctx.policy.isRaise(from, to) ? 'raised' : 'lowered'} from ${ctx.policy.label(from)} to ${ctx.policy.label(to)}`,
      occurredAt: now,
      data: { from, to },
      channelId: incident.channelId,
      messageTs: posted.ts,
    });
    return saved;
  });
  if (ctx.policy.isMajor(to) && ctx.policy.isRaise(from, to)) await replyToAnnouncement(ctx, updated, notice);
  await refreshIncidentViews(ctx, incident.number);
  return { changed: true, incident: updated, from };
}
