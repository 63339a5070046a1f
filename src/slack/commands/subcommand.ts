import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { Incident } from '../../incidents/incident.js';
import type { SlackContext } from '../context.js';

export interface SubcommandInput {
  /** The text after the subcommand's name, trimmed. */
  args: string;
  command: SlashCommand;
  respond: RespondFn;
  ctx: SlackContext;
}

/** One `/incident <name> …` subcommand: parses its arguments, calls a use case, renders the answer. */
export interface Subcommand {
  name: string;
  /** As shown in help, e.g. `declare [severity] <title>`. */
  usage: string;
  summary: string;
  /** Works only in an incident channel: the dispatcher finds the incident first. */
  needsIncident: boolean;
  run(input: SubcommandInput & { incident: Incident | undefined }): Promise<void>;
}
