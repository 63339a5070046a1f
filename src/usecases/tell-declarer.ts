import type { UseCaseContext } from './context.js';
import type { DeclarationOutcome } from './continue-declaration.js';
import { declarerToldPayload, oweDeclarerTold } from './declaration-effects.js';

/**
 * The declarer is messaged how the declaration went (the form has no reply of its own; the sweep
 * finishes declarations nobody waits on), as an effect: retried when Slack fails, never sent twice.
 * Returns false when it could not be owed (the database gone for a moment): the form then tells them at once.
 */
export async function tellDeclarer(ctx: UseCaseContext, declarerId: string, outcome: DeclarationOutcome): Promise<boolean> {
  try {
    await oweDeclarerTold(ctx.db, outcome.incident.number, declarerToldPayload(declarerId, outcome), ctx.now());
  } catch (error) {
    ctx.logger.warn({ err: error, incident: outcome.incident.number }, 'could not owe the declarer how the declaration went');
    return false;
  }
  ctx.effects.poke();
  return true;
}
