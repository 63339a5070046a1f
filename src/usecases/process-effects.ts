import { addChecklistItems, checklistOf } from '../db/checklist-store.js';
import type { Db } from '../db/database.js';
import { enqueueEffects, type NewEffect } from '../db/effect-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { newChecklistItems } from '../incidents/checklist.js';
import type { Incident } from '../incidents/incident.js';
import { type RuleAction, type RuleEvent, ruleRunKey, rulesTriggered } from '../incidents/rules.js';
import type { UseCaseContext } from './context.js';

/**
 * The effects the process file's types and rules owe for a change, stored in the change's own
 * transaction: they exist exactly when the change does, and their dedup keys (the rule, the incident
 * and the change's timeline entry) make a retried request, a second replica or a restart owe nothing more.
 */

/** Effect kinds this module stores; their handlers are in src/slack/process-effect-handlers.ts. */
export const PROCESS_EFFECTS = {
  invite: 'process.invite',
  notify: 'process.notify',
  post: 'process.post',
  bookmark: 'process.bookmark',
  page: 'process.page',
  showChecklist: 'process.checklist',
} as const;

/** One incident's process effects run in order (the checklist is posted before it is edited). */
export const PROCESS_LANE = 'process';

type Ctx = Pick<UseCaseContext, 'process' | 'now' | 'effects'>;

/** The rules a change triggers: their actions stored as effects, their checklist items added now. */
export async function enqueueRuleEffects(trx: Db, ctx: Ctx, incident: Incident, events: readonly RuleEvent[], changeId: string): Promise<void> {
  if (events.length === 0 || ctx.process.rules.length === 0) return;
  const subject = { severity: incident.severity, type: incident.type ?? null, state: incident.state, private: incident.private };
  const effects: NewEffect[] = [];
  for (const rule of rulesTriggered(ctx.process.rules, events, subject)) {
    const runKey = ruleRunKey(rule, incident.number, changeId);
    for (const [index, action] of rule.actions.entries()) {
      const effect = await actionEffect(trx, ctx, incident, action, rule.name);
      if (effect) effects.push({ ...effect, incidentNumber: incident.number, lane: PROCESS_LANE, dedupKey: `${runKey}:${index}` });
    }
  }
  await store(trx, ctx, effects);
}

/** A new incident's type (invites, runbook, checklist) and the rules its declaration triggers. */
export async function enqueueDeclaredEffects(trx: Db, ctx: Ctx, incident: Incident, declaredEntryId: string): Promise<void> {
  const type = ctx.process.types.find((t) => t.id === incident.type);
  if (type) {
    const key = (what: string) => `type:${type.id}:${incident.number}:${what}`;
    const effects: NewEffect[] = [];
    if (type.invite.length > 0) effects.push({ kind: PROCESS_EFFECTS.invite, incidentNumber: incident.number, lane: PROCESS_LANE, dedupKey: key('invite'), payload: { invitees: type.invite } });
    if (type.runbook) {
      effects.push({ kind: PROCESS_EFFECTS.bookmark, incidentNumber: incident.number, lane: PROCESS_LANE, dedupKey: key('runbook'), payload: { title: 'Runbook', url: type.runbook } });
    }
    if (type.checklist.length > 0) {
      await addChecklistItems(trx, incident.number, type.checklist, `type:${type.id}`, ctx.now());
      effects.push({ kind: PROCESS_EFFECTS.showChecklist, incidentNumber: incident.number, lane: PROCESS_LANE, dedupKey: key('checklist') });
    }
    await store(trx, ctx, effects);
  }
  await enqueueRuleEffects(trx, ctx, incident, ['declared'], declaredEntryId);
}

/** Shows the checklist again (or for the first time) after its items or ticks changed. */
export async function enqueueChecklistShown(trx: Db, ctx: Ctx, incidentNumber: number, options: { repost?: boolean } = {}): Promise<void> {
  await store(trx, ctx, [{ kind: PROCESS_EFFECTS.showChecklist, incidentNumber, lane: PROCESS_LANE, payload: options.repost ? { repost: true } : {} }]);
}

async function store(trx: Db, ctx: Ctx, effects: NewEffect[]): Promise<void> {
  if (effects.length === 0) return;
  await enqueueEffects(trx, effects, ctx.now());
  // Run once the transaction is committed; the poll finds them anyway if this pass comes too soon.
  queueMicrotask(() => ctx.effects.poke());
  setTimeout(() => ctx.effects.poke(), 50).unref();
}

/** The effect an action owes; a checklist action adds its items in the transaction and owes a refresh. */
async function actionEffect(trx: Db, ctx: Ctx, incident: Incident, action: RuleAction, rule: string): Promise<Omit<NewEffect, 'incidentNumber'> | undefined> {
  // Which rule it was: for the timeline and a failure report.
  const origin = { rule };
  if ('invite' in action) return { kind: PROCESS_EFFECTS.invite, payload: { ...origin, invitees: action.invite } };
  if ('notify' in action) return { kind: PROCESS_EFFECTS.notify, payload: { ...origin, channel: action.notify.channel, text: action.notify.text } };
  if ('post' in action) return { kind: PROCESS_EFFECTS.post, payload: { ...origin, text: action.post } };
  if ('bookmark' in action) return { kind: PROCESS_EFFECTS.bookmark, payload: { ...origin, title: action.bookmark.title, url: action.bookmark.url } };
  if ('page' in action) return { kind: PROCESS_EFFECTS.page, payload: { ...origin, target: action.page.target } };
  const texts = newChecklistItems(await checklistOf(trx, incident.number), action.checklist);
  if (texts.length === 0) return undefined;
  await addChecklistItems(trx, incident.number, texts, `rule:${rule}`, ctx.now());
  await appendSystemEntry(trx, incident.number, {
    kind: 'rule_ran',
    authorId: null,
    text: `Rule ${rule} added to the checklist: ${texts.join('; ')}`,
    occurredAt: ctx.now(),
    data: { rule, action: 'checklist', items: texts },
  });
  return { kind: PROCESS_EFFECTS.showChecklist, payload: origin };
}
