import { claimNextPendingDeclaration } from '../db/declaration-store.js';
import type { UseCaseContext } from './context.js';
import { continueDeclaration, DECLARE_CLAIM_MS, type DeclarationOutcome } from './continue-declaration.js';
import { tellDeclarer } from './tell-declarer.js';

/**
 * The scheduler's sweep: continues every declaration left part-way (a Slack failure, a restart) from
 * the step it stopped at, each at most once per sweep. A declarer still waiting for a channel is told
 * when it exists, or that it never will.
 */
export async function resumePendingDeclarations(ctx: UseCaseContext): Promise<DeclarationOutcome[]> {
  const outcomes: DeclarationOutcome[] = [];
  const tried: number[] = [];
  for (;;) {
    const now = ctx.now();
    const claimed = await claimNextPendingDeclaration(ctx.db, now, new Date(now.getTime() + DECLARE_CLAIM_MS), tried);
    if (!claimed) return outcomes;
    tried.push(claimed.number);
    const outcome = await continueDeclaration(ctx, claimed);
    outcomes.push(outcome);
    if (!claimed.channelId && (outcome.incident.channelId || outcome.status === 'abandoned')) {
      // Owed, not sent here: the effect queue retries it and a retry finds a message whose answer was lost.
      await tellDeclarer(ctx, claimed.declarerId, outcome);
    }
  }
}
