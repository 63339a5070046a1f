import type { ListenerRoutes } from '../listener-routes.js';
import type { SlackContext } from '../context.js';
import { publishHome } from '../publish-home.js';

/** Opening Sitrep's Home tab shows the incidents the person may see. */
export function registerAppHomeOpened(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishHome(ctx, event.user);
  });
}
