import { withChecklistProgress, withPages, withSourceAlerts } from './refresh-incident-views.js';
import type { Db } from '../db/database.js';
import type { Effect } from '../db/effect-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { getRetrospective, setRetrospectiveFileId } from '../db/retrospective-store.js';
import { getStatusUpdate, setStatusUpdateMessages } from '../db/status-update-store.js';
import { setEntryMessage } from '../db/timeline-store.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import { EffectFailure } from '../effects/effect-dispatcher.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import type { Logger } from '../logger.js';
import { declarationEffectHandlers } from './declaration-effect-handlers.js';
import { DECLARATION_EFFECTS, DECLARER_TOLD_EFFECT } from './declaration-effects.js';
import { INCIDENT_EFFECTS, type IncidentNoticePayload } from './incident-effects.js';
import type { IncidentNotifier, NudgeNotice, Workspace } from './ports.js';
import { RoomGone } from './ports.js';
import { SlackCallError } from './slack-gateway.js';
import { channelledIncidentOf } from './effect-incident.js';

export interface IncidentEffectDeps {
  db: Db;
  /** The notifier for one run of one effect: its posts carry the effect's name, so a retry finds them. */
  notifierFor(effect: Effect): IncidentNotifier;
  workspace: Workspace;
  logger: Logger;
  policy: IncidentPolicy;
}

/** A Slack failure as the dispatcher understands it: retry later (for Retry-After), or give up. */
export function asEffectFailure(error: unknown): unknown {
  if (error instanceof RoomGone) return new EffectFailure(error.message, false);
  if (error instanceof SlackCallError) return new EffectFailure(error.message, error.retryable);
  return error;
}

/**
 * Runs what the lifecycle's changes owe: each loads the incident as stored now, tells people through
 * the notifier, and records where the post went (the timeline links to it).
 */
export function incidentEffectHandlers(deps: IncidentEffectDeps): Record<string, EffectHandler> {
  const { db } = deps;
  const guarded =
    (run: (effect: Effect, notice: IncidentNoticePayload) => Promise<Record<string, unknown> | void>): EffectHandler =>
    async (effect) => {
      try {
        return await run(effect, effect.payload as IncidentNoticePayload);
      } catch (error) {
        throw asEffectFailure(error);
      }
    };

  const declaration = Object.entries(declarationEffectHandlers(deps)).map(([kind, handler]): [string, EffectHandler] => [kind, guarded((effect) => handler(effect))]);
  return {
    ...Object.fromEntries(declaration),
    [INCIDENT_EFFECTS.statusUpdate]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.statusUpdate) return;
      const incident = await channelledIncidentOf(db, effect);
      const update = await getStatusUpdate(db, notice.updateId);
      if (!update) throw new EffectFailure(`status update ${notice.updateId} is gone`, false);
      const told = await deps.notifierFor(effect).statusUpdated(
        incident,
        { authorId: update.authorId, text: update.text, previousState: notice.previousState ?? undefined, nextUpdateDueAt: update.nextUpdateDueAt, postedAt: update.postedAt },
        notice.announce,
      );
      // Both links in one write, so no reader sees the update posted but its timeline entry not yet.
      await db.transaction().execute(async (trx) => {
        await setStatusUpdateMessages(trx, update.id, { messageTs: told.posted.ts, announcementTs: told.announcementTs });
        await setEntryMessage(trx, notice.entryId, told.posted);
      });
      return { ts: told.posted.ts };
    }),
    [INCIDENT_EFFECTS.resolved]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.resolved) return;
      const posted = await deps.notifierFor(effect).resolved(await channelledIncidentOf(db, effect), notice.by, notice.note ?? undefined, new Date(notice.at));
      await setEntryMessage(db, notice.entryId, posted);
      return { ts: posted.ts };
    }),
    [INCIDENT_EFFECTS.reopened]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.reopened) return;
      const posted = await deps.notifierFor(effect).reopened(await channelledIncidentOf(db, effect), notice.by);
      await setEntryMessage(db, notice.entryId, posted);
      return { ts: posted.ts };
    }),
    [INCIDENT_EFFECTS.severityChanged]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.severityChanged) return;
      const posted = await deps.notifierFor(effect).severityChanged(await channelledIncidentOf(db, effect), { from: notice.from, to: notice.to, by: notice.by }, notice.announce);
      await setEntryMessage(db, notice.entryId, posted);
      return { ts: posted.ts };
    }),
    [INCIDENT_EFFECTS.roleChanged]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.roleChanged) return;
      const incident = await channelledIncidentOf(db, effect);
      const notifier = deps.notifierFor(effect);
      await deps.workspace.invite(incident.channelId, [notice.userId]);
      const change = notice.previousUserId
        ? { kind: 'handoff' as const, role: notice.role, userId: notice.userId, previousUserId: notice.previousUserId }
        : { kind: 'assigned' as const, role: notice.role, userId: notice.userId, previousUserId: null };
      const posted = await notifier.roleChanged(incident, change);
      await setEntryMessage(db, notice.entryId, posted);
      // The note helps; the assignment stands without it, and an ephemeral note is not worth a retry.
      await notifier.roleNote(incident, notice.role, notice.userId).catch((error: unknown) => deps.logger.warn({ err: error, incident: incident.number }, 'could not send the role note'));
      return { ts: posted.ts };
    }),
    [INCIDENT_EFFECTS.paged]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.paged) return;
      const { entryId, kind: _kind, ...page } = notice;
      const posted = await deps.notifierFor(effect).paged(await channelledIncidentOf(db, effect), page);
      await setEntryMessage(db, entryId, posted);
      return { ts: posted.ts };
    }),
    [INCIDENT_EFFECTS.closed]: guarded(async (effect, notice) => {
      if (notice.kind !== INCIDENT_EFFECTS.closed) return;
      const incident = await channelledIncidentOf(db, effect);
      const retrospective = await getRetrospective(db, incident.number, notice.version);
      if (!retrospective) throw new EffectFailure(`retrospective version ${notice.version} of incident ${incident.number} is gone`, false);
      const told = await deps.notifierFor(effect).closed(incident, { version: notice.version, markdown: retrospective.markdown, headline: notice.headline, closedBy: notice.closedBy });
      if (told.fileId) await setRetrospectiveFileId(db, incident.number, notice.version, told.fileId);
      // A file Slack would not take was told in the channel instead; the closer hears why.
      return { fileId: told.fileId, ...(told.uploadError ? { uploadError: { method: told.uploadError.method, code: told.uploadError.code } } : {}) };
    }),
    [INCIDENT_EFFECTS.nudgeEscalated]: guarded(async (effect) => {
      // Sent after the nudge was: the commander's DM and the announcement-thread mention stand as the nudge saw them.
      await deps.notifierFor(effect).nudgeEscalated((effect.payload as { nudge: NudgeNotice }).nudge);
    }),
    [INCIDENT_EFFECTS.views]: guarded(async (effect) => {
      const incident = await channelledIncidentOf(db, effect);
      await deps.notifierFor(effect).viewsRefreshed(await withSourceAlerts(db, await withPages(db, await withChecklistProgress(db, incident))), await currentRoleHolders(db, incident.number));
    }),
  };
}

/** What an effect was for, as the channel is told when it is given up. */
const WHAT: Record<string, string> = {
  [INCIDENT_EFFECTS.statusUpdate]: 'post the status update',
  [INCIDENT_EFFECTS.resolved]: 'post the resolution',
  [INCIDENT_EFFECTS.reopened]: 'post the reopening',
  [INCIDENT_EFFECTS.severityChanged]: 'post the severity change',
  [INCIDENT_EFFECTS.roleChanged]: 'post the role change',
  [INCIDENT_EFFECTS.closed]: 'post the retrospective draft',
  [INCIDENT_EFFECTS.views]: 'update the card, topic and announcement',
  [INCIDENT_EFFECTS.paged]: 'post that the target was paged',
  [INCIDENT_EFFECTS.nudgeEscalated]: 'message the commander and the announcement thread about the missing status update',
  [DECLARATION_EFFECTS.invite]: 'invite the declarer and the commander',
  [DECLARATION_EFFECTS.topic]: 'set the channel topic',
  [DECLARATION_EFFECTS.card]: 'post and pin the incident card',
  [DECLARATION_EFFECTS.announce]: 'announce the incident',
  [DECLARER_TOLD_EFFECT]: 'message the declarer the channel link',
};

export function effectPurpose(kind: string): string {
  return WHAT[kind] ?? `do ${kind}`;
}
