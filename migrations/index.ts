import type { Migration } from 'kysely';
import * as incidentSchema from './2026-11-21T0001-incident-schema.js';
import * as declareClaim from './2026-11-21T0002-declare-claim.js';
import * as dropLiteralChecks from './2026-11-29T0001-drop-literal-checks.js';
import * as timelineVersions from './2026-11-29T0002-timeline-versions.js';
import * as effects from './2026-11-29T0003-effects.js';
import * as typesAndChecklists from './2026-11-29T0004-types-and-checklists.js';
import * as nextNudgeAt from './2026-11-29T0005-next-nudge-at.js';
import * as alerts from './2026-11-29T0006-alerts.js';
import * as pages from './2026-11-29T0007-pages.js';
import * as followups from './2026-11-29T0008-followups.js';
import * as webSessions from './2026-11-29T0009-web-sessions.js';
import * as alertTriageOutcomes from './2026-11-29T0010-alert-triage-outcomes.js';
import * as webReadIndexes from './2026-11-29T0011-web-read-indexes.js';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026-11-21T0001-incident-schema': incidentSchema,
  '2026-11-21T0002-declare-claim': declareClaim,
  '2026-11-29T0001-drop-literal-checks': dropLiteralChecks,
  '2026-11-29T0002-timeline-versions': timelineVersions,
  '2026-11-29T0003-effects': effects,
  '2026-11-29T0004-types-and-checklists': typesAndChecklists,
  '2026-11-29T0005-next-nudge-at': nextNudgeAt,
  '2026-11-29T0006-alerts': alerts,
  '2026-11-29T0007-pages': pages,
  '2026-11-29T0008-followups': followups,
  '2026-11-29T0009-web-sessions': webSessions,
  '2026-11-29T0010-alert-triage-outcomes': alertTriageOutcomes,
  '2026-11-29T0011-web-read-indexes': webReadIndexes,
};
