import type { UseCaseContext } from '../../usecases/context.js';
import { SlackCallError } from '../../usecases/slack-gateway.js';

// Slack wants the form answered within 3 s; a slower lookup lets the pick stand rather than fail the form.
const COMMANDER_CHECK_BUDGET_MS = 1_500;

/**
 * Why the commander picked on the declare form cannot command (a bot, a deactivated account, nobody
 * Slack knows), as /incident role refuses them; undefined when the pick stands. The declarer is a person.
 */
export async function commanderRefusal(ctx: UseCaseContext, commanderId: string, declarerId: string): Promise<string | undefined> {
  if (commanderId === declarerId) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, COMMANDER_CHECK_BUDGET_MS, undefined)));
  return Promise.race([refusal(ctx, commanderId), late]).finally(() => clearTimeout(timer));
}

async function refusal(ctx: UseCaseContext, userId: string): Promise<string | undefined> {
  let user;
  try {
    user = await ctx.slack.user(userId);
  } catch (error) {
    if (error instanceof SlackCallError && error.code === 'user_not_found') return 'There is no such person in this workspace.';
    // The form must be answered within 3 s: when Slack cannot say who it is, the pick stands.
    ctx.logger.warn({ err: error, userId }, 'could not check the commander picked on the declare form');
    return undefined;
  }
  if (user.isBot || userId === ctx.botUserId) return 'That is a bot; the Incident Commander has to be a person.';
  if (user.deleted) return "That person's account is deactivated; pick someone else.";
  return undefined;
}
