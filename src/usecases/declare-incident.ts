import { claimDeclaration, isDeclarationRunning, lockRequestKey } from '../db/declaration-store.js';
import { findIncidentByRequestKey, getIncident, insertIncident } from '../db/incident-store.js';
import { recordRoleAssignment } from '../db/role-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { firstUpdateDue } from '../incidents/declaration.js';
import { IncidentError } from '../incidents/errors.js';
import type { Incident } from '../incidents/incident.js';
import type { Severity } from '../incidents/types.js';
import type { UseCaseContext } from './context.js';
import { enqueueDeclaredEffects } from './process-effects.js';
import { RoomNameTaken } from './ports.js';
import { SlackCallError } from './slack-gateway.js';
import { continueDeclaration, DECLARE_CLAIM_MS, type DeclarationOutcome } from './continue-declaration.js';

export interface DeclareIncidentInput {
  title: string;
  description: string;
  severity: Severity;
  private: boolean;
  /** The process file's incident type, if one was picked. */
  type?: string | undefined;
  declarerId: string;
  commanderId: string;
  /** The slash command's trigger id or the modal's view id: the same request declares once. */
  requestKey: string;
}

export type DeclareOutcome =
  | DeclarationOutcome
  | { status: 'duplicate'; incident: Incident }
  /** Stored, but its channel could not be set up for now (the database unreachable); the sweep finishes it. */
  | { status: 'interrupted'; incident: Incident };

// A repeated request (a retry, maybe on another replica) waits this long at most for the first one's steps.
const DUPLICATE_WAIT_MS = 10_000;
const DUPLICATE_POLL_MS = 100;

/**
 * A burst of declarations writes its rows two at a time (`ctx.declarations.records`): all at once, the
 * writes would slow the acks still to send. The wait is short, so an acknowledged declaration is stored within moments.
 */
export const DECLARATION_RECORDS_QUEUE = { concurrency: 2, maxWaitMs: 2_000 };

/**
 * Declares an incident: the row, its commander and its `declared` timeline entry in one transaction,
 * then the channel; the declarer gets its link while the invitations, topic, pinned card and
 * announcement follow as effects.
 */
export async function declareIncident(ctx: UseCaseContext, input: DeclareIncidentInput): Promise<DeclareOutcome> {
  const declaredAt = ctx.now();
  let tries = 0;
  let claimed: Incident | undefined;
  for (;; tries++) {
    try {
      claimed = await storeDeclaration(ctx, input, declaredAt);
      break;
    } catch (error) {
      // Storing is keyed by the request, so trying again (the database back after a blip) stores once.
      const wait = OUTAGE_RETRY_MS[tries];
      if (wait === undefined || error instanceof IncidentError) throw error;
      ctx.logger.warn({ err: error, attempt: tries + 1 }, 'storing a declaration interrupted (database unreachable?); trying again');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  if (!claimed) {
    const existing = tries > 0 ? await findIncidentByRequestKey(ctx.db, input.requestKey) : undefined;
    // An earlier try of this very call was stored though its answer was lost (its time is ours): continue it.
    if (existing && existing.declaredAt.getTime() === declaredAt.getTime()) {
      ctx.metrics?.incidentDeclared(input.severity);
      return continueThroughOutage(ctx, existing);
    }
    return { status: 'duplicate', incident: await declaredByFirstRequest(ctx, input.requestKey) };
  }
  ctx.metrics?.incidentDeclared(input.severity);
  return continueThroughOutage(ctx, claimed);
}

/** The row, its commander, its timeline entry and what its type and rules owe, claimed for this request; undefined when already declared. */
function storeDeclaration(ctx: UseCaseContext, input: DeclareIncidentInput, declaredAt: Date): Promise<Incident | undefined> {
  return ctx.declarations.records.run(() => ctx.db.transaction().execute(async (trx) => {
    if ((await lockRequestKey(trx, input.requestKey)).declared) return undefined;
    const incident = await insertIncident(trx, {
      title: input.title,
      description: input.description,
      severity: input.severity,
      private: input.private,
      declarerId: input.declarerId,
      requestKey: input.requestKey,
      declaredAt,
      nextUpdateDueAt: firstUpdateDue(declaredAt, input.severity, ctx.policy),
      type: input.type ?? null,
    });
    if (!incident) return undefined;
    await recordRoleAssignment(trx, incident.number, {
      role: ctx.policy.commanderRole.id,
      userId: input.commanderId,
      previousUserId: null,
      assignedBy: input.declarerId,
      assignedAt: declaredAt,
    });
    const entryId = await appendSystemEntry(trx, incident.number, {
      kind: 'declared',
      authorId: input.declarerId,
      text: declaredEntryText(ctx, input.severity, input.title),
      occurredAt: declaredAt,
      data: { severity: input.severity, private: input.private, commanderId: input.commanderId, ...(input.type ? { type: input.type } : {}) },
    });
    await enqueueDeclaredEffects(trx, ctx, incident, entryId);
    // Claimed before the row is visible to anyone, so a sweep never runs the steps this request runs.
    return claimDeclaration(trx, incident.number, declaredAt, new Date(declaredAt.getTime() + DECLARE_CLAIM_MS));
  }));
}

/** The `declared` timeline entry's text, in the workspace's markup like every message on the timeline. */
export function declaredEntryText(ctx: Pick<UseCaseContext, 'policy' | 'workspace'>, severity: Severity, title: string): string {
  return `Declared ${ctx.policy.label(severity)}: ${ctx.workspace.markup(title)}`;
}

// Waits between tries when the database goes away mid-declare: about 12 s in all, then the sweep takes over.
const OUTAGE_RETRY_MS = [250, 500, 1_000, 2_000, 2_000, 2_000, 2_000, 2_000];

/**
 * The incident is stored, and this request holds its claim: a failure now that is not Slack's (the
 * database unreachable for a moment) is tried again from the row as stored, never reported as a
 * failed declaration (trying again would declare it twice). A room created before the failure is
 * found again by its reserved name. Still failing, the declarer hears it is declared and will be sent
 * the link: the claim lapses and the scheduler's sweep finishes it.
 */
async function continueThroughOutage(ctx: UseCaseContext, claimed: Incident): Promise<DeclareOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      const current = attempt === 0 ? claimed : ((await getIncident(ctx.db, claimed.number)) ?? claimed);
      return await continueDeclaration(ctx, current);
    } catch (error) {
      if (error instanceof SlackCallError || error instanceof RoomNameTaken) throw error;
      const wait = OUTAGE_RETRY_MS[attempt];
      if (wait === undefined) {
        ctx.logger.error({ err: error, incident: claimed.number }, 'declaring interrupted; the sweep finishes it once the claim lapses');
        return { status: 'interrupted', incident: claimed };
      }
      ctx.logger.warn({ err: error, incident: claimed.number, attempt: attempt + 1 }, 'declaring interrupted (database unreachable?); trying again');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * The incident the first delivery of a request declared, once that delivery has run its steps: the
 * repeat then tells the declarer what really happened, not "no channel yet" while one is being made.
 */
async function declaredByFirstRequest(ctx: UseCaseContext, requestKey: string): Promise<Incident> {
  const deadline = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const existing = await findIncidentByRequestKey(ctx.db, requestKey);
    if (!existing) throw new Error(`request ${requestKey} declared nothing and holds no incident`);
    if (Date.now() >= deadline || !(await isDeclarationRunning(ctx.db, existing.number, ctx.now()))) return existing;
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_POLL_MS));
  }
}
