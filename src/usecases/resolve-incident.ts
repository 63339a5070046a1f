import { updateIncidentInState } from '../db/incident-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import type { Incident } from '../incidents/incident.js';
import { transition } from '../incidents/lifecycle.js';
import { resolvedNotice } from '../slack/blocks/incident-notices.js';
import { replyToAnnouncement } from './announce.js';
import type { UseCaseContext } from './context.js';
import { loadIncident } from './load-incident.js';
import { refreshIncidentViews } from './refresh-incident-views.js';
import type { PostedMessage } from './slack-gateway.js';

export interface ResolveIncidentInput {
  incidentNumber: number;
  resolvedBy: string;
  /** What fixed it, in a line. */
  text?: string | undefined;
}

/** Marks an open incident resolved (nudges stop), tells its channel and the announcement thread. */
export async function resolveIncident(ctx: UseCaseContext, input: ResolveIncidentInput): Promise<Incident> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  const now = ctx.now();
  const change = transition(incident, { kind: 'resolve' }, now);
  // Of two people resolving at once, the second finds the state moved on and hears why.
  const resolved = await updateIncidentInState(ctx.db, incident.number, change.from, change.changes);
  if (!resolved) return resolveIncident(ctx, input);

  const text = input.text?.trim() || undefined;
  const notice = resolvedNotice(resolved, input.resolvedBy, text, now);
  let posted: PostedMessage | undefined;
  try {
    posted = await ctx.slack.postMessage(resolved.channelId!, notice);
  } finally {
    // The state changed whatever Slack said: the timeline records it either way.
    await appendSystemEntry(ctx.db, incident.number, {
      kind: 'resolved',
      authorId: input.resolvedBy,
      text: text ? `Resolved: ${text}` : 'Resolved',
      occurredAt: now,
      data: { from: change.from, note: text ?? null },
      channelId: posted ? resolved.channelId : null,
      messageTs: posted?.ts ?? null,
    });
  }
  await replyToAnnouncement(ctx, resolved, notice);
  await refreshIncidentViews(ctx, incident.number);
  return resolved;
}
