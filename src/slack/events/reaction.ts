import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../../usecases/context.js';
import { markKeyEvent } from '../../usecases/mark-key-event.js';

/** The reaction that marks a timeline entry as a key event. */
const KEY_EVENT_REACTION = 'pushpin';

/** :pushpin: added to a message marks its timeline entry as a key event; removed, unmarks it. */
export function registerReactionEvents(app: App, ctx: UseCaseContext): void {
  app.event('reaction_added', async ({ event }) => {
    if (event.reaction !== KEY_EVENT_REACTION || event.item.type !== 'message') return;
    await markKeyEvent(ctx, { channelId: event.item.channel, messageTs: event.item.ts, keyEvent: true });
  });
  app.event('reaction_removed', async ({ event }) => {
    if (event.reaction !== KEY_EVENT_REACTION || event.item.type !== 'message') return;
    await markKeyEvent(ctx, { channelId: event.item.channel, messageTs: event.item.ts, keyEvent: false });
  });
}
