import { updateIncidentInState } from '../db/incident-store.js';
import { saveRetrospective, setRetrospectiveFileId, type StoredRetrospective } from '../db/retrospective-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { IncidentError } from '../incidents/errors.js';
import { type Incident, keyOf } from '../incidents/incident.js';
import { type StateChange, transition } from '../incidents/lifecycle.js';
import { writeRetrospective } from '../incidents/retrospective.js';
import { type Headline, headlineOf } from '../incidents/retrospective/figures.js';
import { closedAnnouncement, closedNotice } from '../slack/blocks/close-notice.js';
import { replyToAnnouncement } from './announce.js';
import type { UseCaseContext } from './context.js';
import { gatherRetrospective } from './gather-retrospective.js';
import { type ChannelledIncident, loadIncident } from './load-incident.js';
import { refreshIncidentViews } from './refresh-incident-views.js';
import { resolveIncident } from './resolve-incident.js';
import { SlackCallError } from './slack-gateway.js';

export interface CloseIncidentInput {
  incidentNumber: number;
  closedBy: string;
}

export interface ClosedIncident {
  incident: Incident;
  /** The version stored, with its file id once Slack took the file. */
  retrospective: StoredRetrospective;
  /** Why Slack would not take the file, when it would not: the draft is stored and the incident closed either way. */
  uploadError: SlackCallError | undefined;
}

/**
 * Closes an incident: resolves it first if still open (as `/incident resolve` does), writes the
 * retrospective draft, stores it as the next version together with the close, then posts it to
 * the channel as a Markdown file with the headline figures and announces the close.
 */
export async function closeIncident(ctx: UseCaseContext, input: CloseIncidentInput): Promise<ClosedIncident> {
  let incident = await loadIncident(ctx.db, input.incidentNumber);
  if (closing(incident, ctx.now()).resolves) {
    await resolveFirst(ctx, input);
    incident = await loadIncident(ctx.db, input.incidentNumber);
  }
  const now = ctx.now();
  const change = closing(incident, now);
  // Reopened between the resolve and now: start again from what is stored.
  if (change.resolves) return closeIncident(ctx, input);

  const record = await gatherRetrospective(ctx, { ...incident, ...change.changes }, now);
  // The close and its draft are stored together: of two closes at once, one closes and writes a version.
  const saved = await ctx.db.transaction().execute(async (trx) => {
    const closed = await updateIncidentInState(trx, incident.number, change.from, change.changes);
    if (!closed) return undefined;
    const retrospective = await saveRetrospective(trx, incident.number, {
      write: (version) => writeRetrospective({ ...record, version }, ctx.timeline.markup),
      createdBy: input.closedBy,
      createdAt: now,
    });
    await appendSystemEntry(trx, incident.number, {
      kind: 'closed',
      authorId: input.closedBy,
      text: `Closed; retrospective draft version ${retrospective.version}`,
      occurredAt: now,
      data: { from: change.from, version: retrospective.version },
    });
    return { incident: closed, retrospective };
  });
  if (!saved) return closeIncident(ctx, input);

  const headline = headlineOf(record);
  const { fileId, uploadError } = await postRetrospective(ctx, incident, saved.retrospective, input.closedBy, headline);
  await refreshIncidentViews(ctx, incident.number);
  await replyToAnnouncement(ctx, saved.incident, closedAnnouncement(saved.incident, input.closedBy, headline));
  return { incident: saved.incident, retrospective: { ...saved.retrospective, fileId }, uploadError };
}

/** Resolves as `/incident resolve` does. Someone resolving or closing it meanwhile is no error: the close decides again. */
async function resolveFirst(ctx: UseCaseContext, input: CloseIncidentInput): Promise<void> {
  try {
    await resolveIncident(ctx, { incidentNumber: input.incidentNumber, resolvedBy: input.closedBy });
  } catch (error) {
    if (!(error instanceof IncidentError && error.code === 'illegal_transition')) throw error;
  }
}

/** The close transition; a second close is told how to get a new draft. */
function closing(incident: Incident, now: Date): StateChange {
  try {
    return transition(incident, { kind: 'close' }, now);
  } catch (error) {
    if (error instanceof IncidentError && incident.state === 'closed') {
      throw new IncidentError(error.code, `${error.message} Use \`/incident reopen\` first; closing it again writes a new version of the retrospective.`);
    }
    throw error;
  }
}

/**
 * Uploads the draft to the incident channel, its comment carrying the headline figures, and
 * remembers the file. When Slack will not take it, the channel is told where the stored draft is
 * and the error is returned for the person closing.
 */
async function postRetrospective(
  ctx: UseCaseContext,
  incident: ChannelledIncident,
  retrospective: StoredRetrospective,
  closedBy: string,
  headline: Headline,
): Promise<{ fileId: string | null; uploadError: SlackCallError | undefined }> {
  const key = keyOf(incident);
  const { version } = retrospective;
  try {
    const { fileId } = await ctx.slack.uploadFile({
      channel: incident.channelId,
      filename: `${key}-retrospective-v${version}.md`,
      title: `${key} retrospective draft, version ${version}`,
      content: retrospective.markdown,
      initialComment: closedNotice(incident, closedBy, headline, { version, attached: true }).text,
    });
    if (fileId) await setRetrospectiveFileId(ctx.db, incident.number, version, fileId);
    return { fileId: fileId ?? null, uploadError: undefined };
  } catch (error) {
    if (!(error instanceof SlackCallError)) throw error;
    ctx.logger.warn({ err: error, incident: incident.number, version }, 'could not upload the retrospective draft');
    try {
      await ctx.slack.postMessage(incident.channelId, closedNotice(incident, closedBy, headline, { version, attached: false }));
    } catch (postError) {
      ctx.logger.warn({ err: postError, incident: incident.number }, 'could not post the close notice either');
    }
    return { fileId: null, uploadError: error };
  }
}
