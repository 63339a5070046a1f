import type { ListenerRoutes } from '../listener-routes.js';
import type { UseCaseContext } from '../../usecases/context.js';
import { recordChannelMessage } from '../../usecases/record-channel-message.js';
import { recordMessageDeletion } from '../../usecases/record-message-deletion.js';
import { recordMessageEdit } from '../../usecases/record-message-edit.js';
import { classifyMessageEvent } from '../inbound/message-event.js';

/**
 * Every message event (plain, thread reply, file share, edit, deletion) in the channels the bot is
 * in. Bolt has already acked it; classification is pure and cheap, so noise goes no further.
 */
export function registerMessageEvents(routes: ListenerRoutes, ctx: UseCaseContext): void {
  const identity = { botUserId: ctx.botUserId, workspaceUrl: ctx.workspaceUrl };
  routes.event('message', async ({ event }) => {
    const change = classifyMessageEvent(event, identity);
    switch (change.type) {
      case 'entry':
        await recordChannelMessage(ctx, change.entry);
        return;
      case 'edit':
        await recordMessageEdit(ctx, change.entry);
        return;
      case 'delete':
        await recordMessageDeletion(ctx, change);
        return;
      case 'ignore':
        // A forged or broken event is refused here, once, before it reaches a batch of good ones.
        if (change.reason === 'malformed') ctx.logger.warn({ channel: (event as { channel?: unknown }).channel }, 'malformed message event ignored');
        return;
    }
  });
}
