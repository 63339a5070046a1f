import type { ListenerRoutes } from '../listener-routes.js';
import type { UseCaseContext } from '../../usecases/context.js';
import { markKeyEvent } from '../../usecases/mark-key-event.js';

/** The reaction that marks a timeline entry as a key event. */
const KEY_EVENT_REACTION = 'pushpin';

/** :pushpin: added to a message marks its timeline entry as a key event; removed, unmarks it. */
export function registerReactionEvents(routes: ListenerRoutes, ctx: UseCaseContext): void {
  routes.event('reaction_added', async ({ event }) => {
    if (event.reaction !== KEY_EVENT_REACTION || event.item.type !== 'message') return;
    await markKeyEvent(ctx, { channelId: event.item.channel, messageTs: event.item.ts, keyEvent: true });
  });
  routes.event('reaction_removed', async ({ event }) => {
    if (event.reaction !== KEY_EVENT_REACTION || event.item.type !== 'message') return;
    await markKeyEvent(ctx, { channelId: event.item.channel, messageTs: event.item.ts, keyEvent: false });
  });
}
