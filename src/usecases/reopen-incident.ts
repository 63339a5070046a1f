import { updateIncidentInState } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { transition } from '../incidents/lifecycle.js';
import { nextUpdateDue } from '../incidents/status-update.js';
import { reopenedNotice } from '../slack/blocks/incident-notices.js';
import { replyToAnnouncement } from './announce.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';
import { refreshIncidentViews } from './refresh-incident-views.js';
import type { PostedMessage } from './slack-gateway.js';

export interface ReopenIncidentInput {
  incidentNumber: number;
  reopenedBy: string;
}

/**
 * Takes a resolved or closed incident back to investigating. Reopening counts as an update, as
 * declaring does: the stale clock starts again from now.
 */
export async function reopenIncident(ctx: UseCaseContext, input: ReopenIncidentInput): Promise<Incident> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  const now = ctx.now();
  const change = transition(incident, { kind: 'reopen' }, now);
  const reopened = await updateIncidentInState(ctx.db, incident.number, change.from, {
    ...change.changes,
    lastUpdateAt: now,
    nextUpdateDueAt: nextUpdateDue(now, incident.severity, ctx.policy),
  });
  // Someone else reopened or closed it meanwhile: decide again from what is stored now.
  if (!reopened) return reopenIncident(ctx, input);

  const notice = reopenedNotice(reopened, input.reopenedBy);
  let posted: PostedMessage | undefined;
  try {
    posted = await ctx.slack.postMessage(reopened.channelId!, notice);
  } finally {
    await appendSystemEntry(ctx.db, incident.number, {
      kind: 'reopened',
      authorId: input.reopenedBy,
      text: `Reopened from ${change.from}: back to investigating`,
      occurredAt: now,
      data: { from: change.from },
      channelId: posted ? reopened.channelId : null,
      messageTs: posted?.ts ?? null,
    });
  }
  await replyToAnnouncement(ctx, reopened, notice);
  await refreshIncidentViews(ctx, incident.number);
  return reopened;
}
