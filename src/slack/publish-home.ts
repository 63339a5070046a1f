import { listOpenIncidents, listRecentlyResolvedIncidents } from '../db/incident-store.js';
import { byUrgency, dayIn } from '../incidents/followup.js';
import { ownedFollowups } from '../usecases/followups.js';
import { visibleIncidents } from '../usecases/incident-visibility.js';
import { homeView } from './blocks/home-view.js';
import type { SlackContext } from './context.js';

const RESOLVED_SHOWN = 10;
// Some recent ones may be private to others: read a few more than are shown.
const RESOLVED_READ = 50;

/** Publishes `userId`'s App Home: their open follow-ups, open incidents and the last resolved ones they may see. */
export async function publishHome(ctx: SlackContext, userId: string): Promise<void> {
  const [open, resolved, followups] = await Promise.all([
    listOpenIncidents(ctx.db, ctx.policy),
    listRecentlyResolvedIncidents(ctx.db, RESOLVED_READ),
    ownedFollowups(ctx, userId, true),
  ]);
  const mine = { followups: followups.sort(byUrgency), today: dayIn(ctx.now(), ctx.config.timezone) };
  const [visibleOpen, visibleResolved] = await Promise.all([
    visibleIncidents(ctx, userId, open),
    visibleIncidents(ctx, userId, resolved),
  ]);
  await ctx.slack.publishHomeView(userId, homeView(visibleOpen, visibleResolved.slice(0, RESOLVED_SHOWN), ctx.now(), ctx.config.timezone, ctx.policy, mine));
}
