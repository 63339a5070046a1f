import { releaseDeclaration, reserveChannelName } from '../db/declaration-store.js';
import { findIncidentByChannel, type IncidentChanges, updateIncident } from '../db/incident-store.js';
import { incidentChannelName, withSuffix } from '../incidents/channel-name.js';
import type { Db } from '../db/database.js';
import { awaitsRetry, type DeclareAction, declareErrorNote, followUpsOwed, nextDeclareAction } from '../incidents/declaration.js';
import type { Incident } from '../incidents/incident.js';
import type { DeclareStep } from '../incidents/types.js';
import { oweDeclarationFollowUps } from './declaration-effects.js';
import type { UseCaseContext } from './context.js';
import { RoomNameTaken } from './ports.js';
import { SlackCallError } from './slack-gateway.js';

/** How long one run of the steps may hold a declaration before another process may take it over. */
export const DECLARE_CLAIM_MS = 2 * 60_000;

// The title's name, then -2 … -20; a title taken twenty times over is not going to work out.
const NAME_ATTEMPTS = 20;

export type DeclarationOutcome =
  | { status: 'declared'; incident: Incident }
  /** Stopped on a failure worth retrying; the scheduler's sweep continues from this step. */
  | { status: 'pending'; incident: Incident; error: SlackCallError }
  /** The room could not be created: the incident is never shown as open. */
  | { status: 'abandoned'; incident: Incident; error: SlackCallError };

/**
 * Runs the declare steps still to do for an incident this process has claimed, saving each on the
 * row as soon as it is done, then releases the claim. Waits its turn behind other declarations
 * in `ctx.declarations.steps` (see DECLARATION_STEPS_QUEUE).
 */
export function continueDeclaration(ctx: UseCaseContext, claimed: Incident): Promise<DeclarationOutcome> {
  return ctx.declarations.steps.run(() => runSteps(ctx, claimed));
}

/**
 * The steps of a burst of declarations (Slack calls and writes) all at once would slow the acks still
 * to send: a few run at a time. Waiting is bounded well inside the claim, so a declaration still has
 * most of the claim to run in and no sweep can take it over meanwhile.
 */
export const DECLARATION_STEPS_QUEUE = { concurrency: 4, maxWaitMs: DECLARE_CLAIM_MS / 4 };

async function runSteps(ctx: UseCaseContext, claimed: Incident): Promise<DeclarationOutcome> {
  let incident = claimed;
  try {
    for (let action = nextDeclareAction(incident); action; action = nextDeclareAction(incident)) {
      try {
        incident = await STEPS[action](ctx, incident);
      } catch (error) {
        if (!(error instanceof SlackCallError)) throw error;
        if (error.retryable) return { status: 'pending', incident: await awaitRetry(ctx, incident, error), error };
        // Without a channel there is nothing to run the incident in.
        return { status: 'abandoned', incident: await abandon(ctx, incident, error), error };
      }
    }
    ctx.logger.info({ incident: incident.number, channel: incident.channelId }, 'incident declared');
    return { status: 'declared', incident };
  } finally {
    // Finished declarations released their claim with their last step; the declarer is answered sooner.
    if (nextDeclareAction(incident)) await releaseDeclaration(ctx.db, incident.number);
  }
}

type Step = (ctx: UseCaseContext, incident: Incident) => Promise<Incident>;

const STEPS: Record<DeclareAction, Step> = {
  reserve_name: reserveNextName,
  create_channel: createChannel,
  // A declaration an older version left part-way: what it had not done yet is owed as effects.
  owe_rest: (ctx, incident) => roomMade(ctx, incident, {}),
};

/**
 * The room exists: records it and, in the same transaction, owes what is left (invite, topic, card,
 * announcement) to the effect queue, then wakes the dispatcher, which runs them side by side. The
 * declarer gets the link now, not after them.
 */
async function roomMade(ctx: UseCaseContext, incident: Incident, changes: IncidentChanges): Promise<Incident> {
  const owed = followUpsOwed(incident.channelId ? incident.declareStep : 'created');
  const updated = await ctx.db.transaction().execute(async (trx) => {
    await oweDeclarationFollowUps(trx, incident.number, owed, ctx.now());
    await releaseDeclaration(trx, incident.number);
    return recordStep(trx, incident, 'announced', changes);
  });
  ctx.effects.poke();
  return updated;
}

/** Reserves the first free name after the one held (if any) in the unique channel_name column. */
async function reserveNextName(ctx: UseCaseContext, incident: Incident): Promise<Incident> {
  const base = incidentChannelName(ctx.config.channelPrefix, incident.number, incident.title);
  const names = [base, ...Array.from({ length: NAME_ATTEMPTS - 1 }, (_, i) => withSuffix(base, i + 2))];
  for (const name of names.slice(names.indexOf(incident.channelName ?? '') + 1)) {
    const reserved = await reserveChannelName(ctx.db, incident.number, name);
    if (reserved) return reserved;
  }
  throw new RoomNameTaken();
}

/** Creates the room under the reserved name; a name the workspace already has moves on to the next suffix. */
async function createChannel(ctx: UseCaseContext, incident: Incident): Promise<Incident> {
  let current = incident;
  for (;;) {
    try {
      const room = await ctx.workspace.createRoom(current.channelName!, current.private);
      return await roomMade(ctx, current, { channelId: room.id });
    } catch (error) {
      if (!(error instanceof RoomNameTaken)) throw error;
      // The name is reserved for this incident: a room of that name Sitrep made, that no incident
      // holds, is this incident's own from a create whose answer was lost. Take it, not a second one.
      const own = await ctx.workspace.ownRoomNamed(current.channelName!);
      if (own && !(await findIncidentByChannel(ctx.db, own.id))) {
        ctx.logger.info({ incident: current.number, channel: own.id }, 'found the channel an earlier create made; using it');
        return await roomMade(ctx, current, { channelId: own.id });
      }
      ctx.logger.info({ incident: current.number, name: current.channelName }, 'channel name taken in Slack; trying the next one');
      current = await reserveNextName(ctx, current);
    }
  }
}

/** Records the step reached; a failure that was waiting for a retry is cleared. */
function recordStep(db: Db, incident: Incident, step: DeclareStep, changes: IncidentChanges = {}): Promise<Incident> {
  return updateIncident(db, incident.number, {
    ...changes,
    declareStep: step,
    ...(awaitsRetry(incident.declareError) ? { declareError: null } : {}),
  });
}

async function awaitRetry(ctx: UseCaseContext, incident: Incident, error: SlackCallError): Promise<Incident> {
  ctx.logger.warn({ incident: incident.number, method: error.method, code: error.code }, 'declaring paused; the scheduler retries it');
  return updateIncident(ctx.db, incident.number, { declareError: declareErrorNote(error.method, error.code, 'retrying') });
}

async function abandon(ctx: UseCaseContext, incident: Incident, error: SlackCallError): Promise<Incident> {
  ctx.logger.warn({ incident: incident.number, method: error.method, code: error.code }, 'channel could not be created; declaration abandoned');
  return updateIncident(ctx.db, incident.number, {
    abandonedAt: ctx.now(),
    declareError: declareErrorNote(error.method, error.code, 'abandoned'),
  });
}
