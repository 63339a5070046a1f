import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../usecases/context.js';
import { registerOpenRolesModalAction } from './actions/open-roles-modal.js';
import { registerOpenUpdateModalAction } from './actions/open-update-modal.js';
import { registerResolveAction } from './actions/resolve-button.js';
import { registerTakeRoleActions } from './actions/take-role.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerRolesSubmission } from './views/roles-submission.js';
import { registerUpdateSubmission } from './views/update-submission.js';
import { SUBCOMMANDS } from './commands/index.js';
import { registerIncidentCommand } from './commands/incident-command.js';
import { registerMessageEvents } from './events/message.js';
import { registerReactionEvents } from './events/reaction.js';
import { registerDeclareSubmission } from './views/declare-submission.js';

/** Wires every command, action, view and event listener to the app. */
export function registerListeners(app: App, ctx: UseCaseContext): void {
  registerIncidentCommand(app, ctx, SUBCOMMANDS);
  registerMessageEvents(app, ctx);
  registerReactionEvents(app, ctx);
  registerDeclareSubmission(app, ctx);
  registerTakeRoleActions(app, ctx);
  registerOpenRolesModalAction(app, ctx);
  registerOpenUpdateModalAction(app, ctx);
  registerResolveAction(app, ctx);
  registerRolesSubmission(app, ctx);
  registerUpdateSubmission(app, ctx);
  registerAppHomeOpened(app, ctx);
}
