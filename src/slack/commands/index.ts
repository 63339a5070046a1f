import type { Subcommand } from './subcommand.js';

/** Every `/incident` subcommand; help and unknown names are answered by the dispatcher. */
export const SUBCOMMANDS: readonly Subcommand[] = [];
