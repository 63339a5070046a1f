import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../usecases/context.js';
import { SUBCOMMANDS } from './commands/index.js';
import { registerIncidentCommand } from './commands/incident-command.js';

/** Wires every command, action, view and event listener to the app. */
export function registerListeners(app: App, ctx: UseCaseContext): void {
  registerIncidentCommand(app, ctx, SUBCOMMANDS);
}
