import type { App } from '@slack/bolt';
import type { InFlight } from '../in-flight.js';
import { ListenerRoutes } from './listener-routes.js';
import type { SlackContext } from './context.js';
import { registerOpenRolesModalAction } from './actions/open-roles-modal.js';
import { registerOpenUpdateModalAction } from './actions/open-update-modal.js';
import { registerResolveAction } from './actions/resolve-button.js';
import { registerTakeRoleActions } from './actions/take-role.js';
import { registerChecklistTickAction } from './actions/checklist-tick.js';
import { registerFollowupButtons } from './actions/followup-buttons.js';
import { registerCreateFollowupShortcut } from './actions/create-followup-shortcut.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerRolesSubmission } from './views/roles-submission.js';
import { registerUpdateSubmission } from './views/update-submission.js';
import { registerPageSubmission } from './views/page-submission.js';
import { SUBCOMMANDS } from './commands/index.js';
import { registerIncidentCommand } from './commands/incident-command.js';
import { registerMessageEvents } from './events/message.js';
import { registerReactionEvents } from './events/reaction.js';
import { registerDeclareSubmission } from './views/declare-submission.js';
import { registerAcceptAlertsAction } from './actions/accept-alert-group.js';
import { registerDeclineAlertsAction } from './actions/decline-alert-group.js';
import { registerMergeAlertsAction } from './actions/merge-alert-group.js';
import { registerMarkMonitoringAction } from './actions/mark-monitoring.js';
import { registerDeclineAlertsSubmission } from './views/decline-alerts-submission.js';
import { registerMergeAlertsSubmission } from './views/merge-alerts-submission.js';

/** Every command, action, view and event listener Sitrep has, by name. */
export function sitrepListeners(ctx: SlackContext): ListenerRoutes {
  const routes = new ListenerRoutes();
  registerIncidentCommand(routes, ctx, SUBCOMMANDS);
  registerMessageEvents(routes, ctx);
  registerReactionEvents(routes, ctx);
  registerDeclareSubmission(routes, ctx);
  registerTakeRoleActions(routes, ctx);
  registerOpenRolesModalAction(routes, ctx);
  registerOpenUpdateModalAction(routes, ctx);
  registerResolveAction(routes, ctx);
  registerChecklistTickAction(routes, ctx);
  registerRolesSubmission(routes, ctx);
  registerUpdateSubmission(routes, ctx);
  registerPageSubmission(routes, ctx);
  registerAppHomeOpened(routes, ctx);
  registerFollowupButtons(routes, ctx);
  registerCreateFollowupShortcut(routes, ctx);
  registerAcceptAlertsAction(routes, ctx);
  registerDeclineAlertsAction(routes, ctx);
  registerMergeAlertsAction(routes, ctx);
  registerMarkMonitoringAction(routes, ctx);
  registerDeclineAlertsSubmission(routes, ctx);
  registerMergeAlertsSubmission(routes, ctx);
  return routes;
}

/** Wires every listener to the app; each runs inside the in-flight tracker, so shutdown can wait for it. */
export function registerListeners(app: App, ctx: SlackContext, inFlight: InFlight): void {
  sitrepListeners(ctx).mount(app, (work) => inFlight.run(work));
}
