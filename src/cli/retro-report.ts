import type { Db } from '../db/database.js';
import { followupsOf } from '../db/followup-store.js';
import { getIncident } from '../db/incident-store.js';
import { actionItemsSection, withActionItems } from '../incidents/retrospective/action-items.js';
import { getRetrospective, latestRetrospective } from '../db/retrospective-store.js';
import { keyOf } from '../incidents/incident.js';
import { parseIncidentRef } from './incident-ref.js';
import type { ReportCommand } from './reports.js';
import { UsageError } from './usage-error.js';

const USAGE = 'Usage: sitrep retro <incident> [--version N]   (<incident> is 42 or INC-42)';

/** `sitrep retro <incident> [--version N]`: the stored retrospective draft, the latest version unless one is named. */
export async function retroReport(db: Db, report: ReportCommand): Promise<string> {
  const [ref, ...extra] = report.positionals;
  const number = ref === undefined || extra.length > 0 || report.json ? undefined : parseIncidentRef(ref);
  const version = report.version === undefined ? undefined : parseVersion(report.version);
  if (number === undefined || version === null) throw new UsageError(USAGE);

  const key = keyOf({ number });
  if (!(await getIncident(db, number))) throw new UsageError(`There is no incident ${key}.`);
  if (version === undefined) {
    const latest = await latestRetrospective(db, number);
    if (!latest) throw new UsageError(`${key} has no retrospective yet: it is written when the incident is closed (\`/incident close\`).`);
    return withCurrentActionItems(db, number, latest.markdown);
  }
  const chosen = await getRetrospective(db, number, version);
  if (!chosen) {
    const latest = await latestRetrospective(db, number);
    const known = latest ? `versions 1 to ${latest.version} exist` : 'it has none yet; one is written when the incident is closed';
    throw new UsageError(`${key} has no retrospective version ${version}: ${known}.`);
  }
  return chosen.markdown;
}

/**
 * Follow-ups made or changed after the close show in the latest draft as they are now (no new
 * version is written for them); a draft of an incident with none stays as stored.
 */
async function withCurrentActionItems(db: Db, number: number, markdown: string): Promise<string> {
  const followups = await followupsOf(db, number);
  if (followups.length === 0) return markdown;
  return withActionItems(markdown, actionItemsSection(followups, (userId) => `@${userId}`));
}

/** A version number, or null when it is not a whole number from 1. */
function parseVersion(text: string): number | null {
  return /^[1-9]\d{0,8}$/.test(text.trim()) ? Number(text.trim()) : null;
}
