import { checklistMessageTs, checklistOf, setChecklistMessageTs } from '../db/checklist-store.js';
import type { Effect } from '../db/effect-store.js';
import { getIncident, lockIncident } from '../db/incident-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { appendSystemEntry, ruleEntryOfEffect } from '../db/timeline-store.js';
import type { EffectHandler } from '../effects/effect-dispatcher.js';
import { commanderOf, type Incident, keyOf } from '../incidents/incident.js';
import { enqueuePage } from '../paging/enqueue-page.js';
import { channelNotYetMade } from '../usecases/effect-incident.js';
import { oweIncidentEffects } from '../usecases/incident-effects.js';
import { PROCESS_EFFECTS } from '../usecases/process-effects.js';
import { checklistMessage } from './blocks/checklist-message.js';
import { channelLink, escapeMrkdwn, mention } from './blocks/text.js';
import { effectScopedSlack, showInPlace, slackCall } from './effect-scoped-slack.js';
import type { SlackContext } from './context.js';
import type { GaveUpReporter } from './effect-gave-up.js';
import type { ProcessSlackCalls } from './process-slack-calls.js';

export interface ProcessEffectDeps {
  ctx: SlackContext;
  calls: ProcessSlackCalls;
}

type ChannelledIncident = Incident & { channelId: string };

/**
 * Runs what the process file's types and rules owe an incident (stored by src/usecases/process-effects.ts):
 * invites (user groups expanded), notices elsewhere, posts, bookmarks and the checklist message.
 * Each action a rule ran goes on the timeline once it is done.
 */
export function processEffectHandlers(deps: ProcessEffectDeps): Record<string, EffectHandler> {
  const { ctx, calls } = deps;
  // Posts carry the effect's id, so a retry after a lost answer finds its post instead of posting twice.
  const postsOf = (effect: Effect) => effectScopedSlack(ctx.slack, effect, ctx.logger);
  const ruleRan = async (incident: Incident, effect: Effect, action: string, text: string) => {
    const rule = ruleOf(effect);
    if (!rule) return;
    await appendSystemEntry(ctx.db, incident.number, { kind: 'rule_ran', authorId: null, text: `Rule ${rule} ${text}`, occurredAt: ctx.now(), data: { rule, action } });
  };

  return {
    [PROCESS_EFFECTS.invite]: async (effect) => {
      const incident = await channelledOrNothing(ctx, effect);
      if (!incident) return;
      const invitees = (effect.payload.invitees as string[] | undefined) ?? [];
      const people = new Set<string>();
      for (const id of invitees) {
        if (id.startsWith('S')) for (const member of await slackCall(() => calls.userGroupMembers(id))) people.add(member);
        else people.add(id);
      }
      people.delete(ctx.botUserId);
      if (people.size > 0) await slackCall(() => ctx.slack.inviteToChannel(incident.channelId, [...people]));
      await ruleRan(incident, effect, 'invite', `invited ${invitees.map((id) => (id.startsWith('S') ? `<!subteam^${id}>` : mention(id))).join(', ')}`);
      return { invited: [...people] };
    },
    [PROCESS_EFFECTS.notify]: async (effect) => {
      const incident = await channelledOrNothing(ctx, effect);
      if (!incident) return;
      const channel = String(effect.payload.channel);
      const text = await renderPlaceholders(ctx, incident, String(effect.payload.text), { inside: channel === incident.channelId });
      const posted = await slackCall(() => postsOf(effect).postMessage(channel, { text }));
      await ruleRan(incident, effect, 'notify', `notified ${channelLink(channel)}`);
      return { channel: posted.channel, ts: posted.ts };
    },
    [PROCESS_EFFECTS.post]: async (effect) => {
      const incident = await channelledOrNothing(ctx, effect);
      if (!incident) return;
      const text = await renderPlaceholders(ctx, incident, String(effect.payload.text), { inside: true });
      const posted = await slackCall(() => postsOf(effect).postMessage(incident.channelId, { text }));
      await ruleRan(incident, effect, 'post', 'posted in the channel');
      return { ts: posted.ts };
    },
    [PROCESS_EFFECTS.bookmark]: async (effect) => {
      const incident = await channelledOrNothing(ctx, effect);
      if (!incident) return;
      const title = String(effect.payload.title);
      await slackCall(() => calls.addBookmark(incident.channelId, title, String(effect.payload.url)));
      await ruleRan(incident, effect, 'bookmark', `bookmarked ${title}`);
    },
    [PROCESS_EFFECTS.page]: async (effect) => {
      const incident = await channelledOrNothing(ctx, effect);
      if (!incident) return;
      const target = String(effect.payload.target);
      if (ctx.process.paging) {
        // The page itself is an effect of its own (one page per incident and target, resolved with it),
        // stored with the rule's timeline entry: a retry of this effect finds the entry and pages no more.
        const rule = ruleOf(effect) ?? '';
        await ctx.db.transaction().execute(async (trx) => {
          // The incident first, as a resolve does before it resolves the incident's pages.
          await lockIncident(trx, incident.number);
          if (await ruleEntryOfEffect(trx, incident.number, effect.id)) return;
          await enqueuePage(trx, ctx, incident, target, `Rule ${rule}`.trim(), null);
          await appendSystemEntry(trx, incident.number, { kind: 'rule_ran', authorId: null, text: `Rule ${rule} paged ${target}`, occurredAt: ctx.now(), data: { rule, action: 'page', effectId: effect.id } });
        });
        ctx.effects.poke();
        return;
      }
      // Without a paging section, the rule's page is told rather than lost silently.
      await slackCall(() => postsOf(effect).postMessage(incident.channelId, { text: `:warning: Rule ${ruleOf(effect) ?? ''} would page ${target}, but paging is not configured.` }));
      await ruleRan(incident, effect, 'page', `could not page ${target}: paging is not configured`);
    },
    [PROCESS_EFFECTS.showChecklist]: async (effect) => {
      const incident = await channelledOrNothing(ctx, effect);
      if (!incident) return;
      const items = await checklistOf(ctx.db, incident.number);
      if (items.length === 0) return;
      const message = checklistMessage(incident, items, ctx.config.timezone);
      const ts = effect.payload.repost ? null : await checklistMessageTs(ctx.db, incident.number);
      await showInPlace(ctx.slack, effect, ctx.logger, { channel: incident.channelId, ts }, message, (posted) => setChecklistMessageTs(ctx.db, incident.number, posted));
      // The card shows how far the checklist is: one more refresh owed, folded into any still waiting.
      await ctx.db.transaction().execute((trx) => oweIncidentEffects(trx, incident.number, undefined, ctx.now()));
      ctx.effects.poke();
    },
  };
}

/** A process effect given up is said in the incident channel, so people do it by hand. */
export function reportProcessEffectGivenUp(ctx: SlackContext): GaveUpReporter {
  return async (effect, error, slack) => {
    if (!Object.values(PROCESS_EFFECTS).includes(effect.kind as never) || effect.incidentNumber === null) return;
    const incident = await getIncident(ctx.db, effect.incidentNumber);
    if (!incident?.channelId) return;
    const rule = ruleOf(effect);
    const who = rule ? `Rule ${rule}` : `The ${incident.type ?? 'incident'} type`;
    const what = WHAT[effect.kind] ?? effect.kind;
    await slack.postMessage(incident.channelId, { text: `:warning: ${who} could not ${what} (${escapeMrkdwn(error)}); it was tried and given up. Please do it by hand.` });
    if (rule) {
      await appendSystemEntry(ctx.db, incident.number, { kind: 'rule_ran', authorId: null, text: `Rule ${rule} could not ${what}: ${escapeMrkdwn(error)}`, occurredAt: ctx.now(), data: { rule, failed: effect.kind } });
    }
  };
}

const WHAT: Record<string, string> = {
  [PROCESS_EFFECTS.invite]: 'invite people',
  [PROCESS_EFFECTS.notify]: 'notify another channel',
  [PROCESS_EFFECTS.post]: 'post in this channel',
  [PROCESS_EFFECTS.bookmark]: 'add a bookmark',
  [PROCESS_EFFECTS.page]: 'page',
  [PROCESS_EFFECTS.showChecklist]: 'show the checklist',
};

function ruleOf(effect: Effect): string | undefined {
  return typeof effect.payload.rule === 'string' ? effect.payload.rule : undefined;
}

/**
 * The incident, once its channel exists. Effects of a declaration are stored before the channel is
 * made: they wait for it (retried, sooner than the usual backoff); an abandoned incident owes nothing.
 */
async function channelledOrNothing(ctx: SlackContext, effect: Effect): Promise<ChannelledIncident | undefined> {
  const incident = effect.incidentNumber === null ? undefined : await getIncident(ctx.db, effect.incidentNumber);
  if (!incident || incident.abandonedAt) return undefined;
  if (!incident.channelId) throw channelNotYetMade(keyOf(incident), effect);
  return incident as ChannelledIncident;
}


/**
 * `{key} {title} {severity} {state} {type} {channel} {commander} {url}` filled from the incident as it
 * is now. Outside its channel, a private incident's title is `private incident`.
 */
async function renderPlaceholders(ctx: SlackContext, incident: ChannelledIncident, text: string, where: { inside: boolean }): Promise<string> {
  const roles = await currentRoleHolders(ctx.db, incident.number);
  const type = ctx.process.types.find((t) => t.id === incident.type);
  const values: Record<string, string> = {
    key: keyOf(incident),
    title: incident.private && !where.inside ? 'private incident' : escapeMrkdwn(incident.title),
    severity: ctx.policy.label(incident.severity),
    state: incident.state,
    type: type ? escapeMrkdwn(type.title) : '',
    channel: channelLink(incident.channelId),
    commander: mention(commanderOf(incident, roles, ctx.policy)),
    url: `${ctx.workspaceUrl}archives/${incident.channelId}`,
  };
  return text.replace(/\{(key|title|severity|state|type|channel|commander|url)\}/g, (_, name: string) => values[name]!);
}
