import type { ListenerRoutes } from '../listener-routes.js';
import type { UseCaseContext } from '../../usecases/context.js';
import { publishHome } from '../../usecases/publish-home.js';

/** Opening Sitrep's Home tab shows the incidents the person may see. */
export function registerAppHomeOpened(routes: ListenerRoutes, ctx: UseCaseContext): void {
  routes.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishHome(ctx, event.user);
  });
}
