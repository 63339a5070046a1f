import { releaseDeclaration, reserveChannelName } from '../db/declaration-store.js';
import { findIncidentByChannel, type IncidentChanges, updateIncident } from '../db/incident-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { incidentChannelName, withSuffix } from '../incidents/channel-name.js';
import { awaitsRetry, type DeclareAction, declareErrorNote, nextDeclareAction, STEP_RECORDED_BY } from '../incidents/declaration.js';
import { commanderOf, type Incident, keyOf } from '../incidents/incident.js';
import type { UseCaseContext } from './context.js';
import { RoomNameTaken } from './ports.js';
import { SlackCallError } from './slack-gateway.js';
import { withSourceAlerts } from './refresh-incident-views.js';

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
        if (action === 'reserve_name' || action === 'create_channel') {
          return { status: 'abandoned', incident: await abandon(ctx, incident, error), error };
        }
        incident = await skip(ctx, incident, action, error);
      }
    }
    ctx.logger.info({ incident: incident.number, channel: incident.channelId }, 'incident declared');
    return { status: 'declared', incident };
  } finally {
    await releaseDeclaration(ctx.db, incident.number);
  }
}

type Step = (ctx: UseCaseContext, incident: Incident) => Promise<Incident>;

const STEPS: Record<DeclareAction, Step> = {
  reserve_name: reserveNextName,
  create_channel: createChannel,
  async invite(ctx, incident) {
    const roles = await currentRoleHolders(ctx.db, incident.number);
    await ctx.workspace.invite(channelOf(incident), [incident.declarerId, commanderOf(incident, roles, ctx.policy)]);
    return recordStep(ctx, incident, 'invite');
  },
  async set_topic(ctx, incident) {
    const roles = await currentRoleHolders(ctx.db, incident.number);
    await ctx.notifier.topicSet(incident, roles);
    return recordStep(ctx, incident, 'set_topic');
  },
  async post_card(ctx, incident) {
    let current = incident;
    if (!current.cardTs) {
      const roles = await currentRoleHolders(ctx.db, current.number);
      const posted = await ctx.notifier.cardPosted(await withSourceAlerts(ctx.db, current), roles);
      // Saved before pinning, so a retry pins this card instead of posting a second one.
      current = await updateIncident(ctx.db, current.number, { cardTs: posted.ts });
    }
    await ctx.notifier.cardPinned({ ...current, cardTs: current.cardTs! });
    return recordStep(ctx, current, 'post_card');
  },
  async announce(ctx, incident) {
    const roles = await currentRoleHolders(ctx.db, incident.number);
    const posted = await ctx.notifier.declared(incident, roles);
    return recordStep(ctx, incident, 'announce', posted ? { announcementTs: posted.ts } : {});
  },
};

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
      return await recordStep(ctx, current, 'create_channel', { channelId: room.id });
    } catch (error) {
      if (!(error instanceof RoomNameTaken)) throw error;
      // The name is reserved for this incident: a room of that name Sitrep made, that no incident
      // holds, is this incident's own from a create whose answer was lost. Take it, not a second one.
      const own = await ctx.workspace.ownRoomNamed(current.channelName!);
      if (own && !(await findIncidentByChannel(ctx.db, own.id))) {
        ctx.logger.info({ incident: current.number, channel: own.id }, 'found the channel an earlier create made; using it');
        return await recordStep(ctx, current, 'create_channel', { channelId: own.id });
      }
      ctx.logger.info({ incident: current.number, name: current.channelName }, 'channel name taken in Slack; trying the next one');
      current = await reserveNextName(ctx, current);
    }
  }
}

function channelOf(incident: Incident): string {
  if (!incident.channelId) throw new Error(`${keyOf(incident)} has no channel yet`);
  return incident.channelId;
}

/** Marks the action's step done; a failure that was waiting for this step's retry is cleared. */
function recordStep(ctx: UseCaseContext, incident: Incident, action: DeclareAction, changes: IncidentChanges = {}): Promise<Incident> {
  return updateIncident(ctx.db, incident.number, {
    ...changes,
    declareStep: STEP_RECORDED_BY[action],
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

/** A step Slack refuses for good (a missing scope, say) is recorded and left out; the incident goes on. */
async function skip(ctx: UseCaseContext, incident: Incident, action: DeclareAction, error: SlackCallError): Promise<Incident> {
  ctx.logger.warn({ incident: incident.number, method: error.method, code: error.code, step: action }, 'declare step skipped: Slack refused it');
  return updateIncident(ctx.db, incident.number, {
    declareStep: STEP_RECORDED_BY[action],
    declareError: declareErrorNote(error.method, error.code, 'skipped'),
  });
}
