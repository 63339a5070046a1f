import { declareSubcommand } from './declare.js';
import { updateSubcommand } from './update.js';
import { severitySubcommand } from './severity.js';
import { roleSubcommand } from './role.js';
import { rolesSubcommand } from './roles.js';
import { resolveSubcommand } from './resolve.js';
import { reopenSubcommand } from './reopen.js';
import { infoSubcommand } from './info.js';
import { listSubcommand } from './list.js';
import { closeSubcommand } from './close.js';
import { milestoneSubcommand } from './milestone.js';
import { statsSubcommand } from './stats.js';
import { checklistSubcommand } from './checklist.js';
import { pageSubcommand } from './page.js';
import { oncallSubcommand } from './oncall.js';
import { followupSubcommand } from './followup.js';
import { followupsSubcommand } from './followups.js';
import type { Subcommand } from './subcommand.js';

/** Every `/incident` subcommand; help and unknown names are answered by the dispatcher. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  declareSubcommand,
  updateSubcommand,
  severitySubcommand,
  roleSubcommand,
  rolesSubcommand,
  resolveSubcommand,
  reopenSubcommand,
  infoSubcommand,
  listSubcommand,
  closeSubcommand,
  milestoneSubcommand,
  statsSubcommand,
  checklistSubcommand,
  pageSubcommand,
  oncallSubcommand,
  followupSubcommand,
  followupsSubcommand,
];
