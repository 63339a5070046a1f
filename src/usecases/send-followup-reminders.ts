import { enqueueEffects } from '../db/effect-store.js';
import { claimReminder, overdueFollowups, resolvedNotClosedBefore } from '../db/followup-store.js';
import { currentRoleHolders } from '../db/role-store.js';
import { dayIn, type Followup } from '../incidents/followup.js';
import type { UseCaseContext } from './context.js';

export const REMINDER_EFFECTS = {
  /** One direct message to an owner listing their overdue follow-ups. */
  overdue: 'followup.remind_overdue',
  /** A direct message to a commander: the incident is resolved and its retrospective not closed. */
  retroDue: 'retro.remind_due',
} as const;

/**
 * Each owner with overdue follow-ups is owed one reminder per run day. The claim and the effect are
 * stored in one transaction, so of several replicas running the same cron one sends it, once.
 */
export async function sendFollowupReminders(ctx: UseCaseContext): Promise<{ owners: string[] }> {
  const now = ctx.now();
  const today = dayIn(now, ctx.config.timezone);
  const byOwner = new Map<string, Followup[]>();
  for (const f of await overdueFollowups(ctx.db, today)) byOwner.set(f.ownerId, [...(byOwner.get(f.ownerId) ?? []), f]);
  const owners: string[] = [];
  for (const [ownerId, followups] of byOwner) {
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, 'followup_overdue', ownerId, today, now))) return false;
      const keys = followups.map((f) => ({ incident: f.incidentNumber, seq: f.seq }));
      await enqueueEffects(trx, [{ kind: REMINDER_EFFECTS.overdue, incidentNumber: null, payload: { ownerId, today, followups: keys }, dedupKey: `followup_overdue:${ownerId}:${today}` }], now);
      return true;
    });
    if (claimed) owners.push(ownerId);
  }
  if (owners.length > 0) ctx.effects.poke();
  return { owners };
}

/** An incident resolved more than RETRO_DUE_AFTER ago and not closed reminds its commander, once a day. */
export async function sendRetroDueReminders(ctx: UseCaseContext): Promise<{ incidents: number[] }> {
  const now = ctx.now();
  const today = dayIn(now, ctx.config.timezone);
  const due = await resolvedNotClosedBefore(ctx.db, new Date(now.getTime() - ctx.config.retroDueAfterMs));
  const reminded: number[] = [];
  for (const incident of due) {
    const commander = (await currentRoleHolders(ctx.db, incident.number))[ctx.policy.commanderRole.id];
    if (!commander) continue;
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, 'retro_due', String(incident.number), today, now))) return false;
      await enqueueEffects(trx, [{ kind: REMINDER_EFFECTS.retroDue, incidentNumber: incident.number, payload: { commander, resolvedAt: incident.resolvedAt.toISOString() }, dedupKey: `retro_due:${incident.number}:${today}` }], now);
      return true;
    });
    if (claimed) reminded.push(incident.number);
  }
  if (reminded.length > 0) ctx.effects.poke();
  return { incidents: reminded };
}
