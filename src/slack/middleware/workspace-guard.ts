import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/** The team a request says it comes from, wherever that payload kind keeps it. */
function teamOf(body: Record<string, any>): string | undefined {
  return body.team_id ?? body.team?.id ?? body.view?.team_id ?? body.user?.team_id ?? undefined;
}

/**
 * Sitrep serves one workspace. A signed request naming another team (a shared signing secret,
 * a misrouted app) is answered politely and goes no further.
 */
export function workspaceGuard(teamId: string, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const team = teamOf(args.body as Record<string, any>);
    if (team === undefined || team === teamId) {
      await args.next();
      return;
    }
    logger.warn({ team }, 'request from another workspace refused');
    if ('ack' in args && typeof args.ack === 'function') {
      const isCommand = 'command' in args;
      await (args.ack as (response?: unknown) => Promise<void>)(
        isCommand ? { response_type: 'ephemeral', text: 'This Sitrep serves another Slack workspace.' } : undefined,
      );
    }
  };
}
