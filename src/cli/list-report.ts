import type { Db } from '../db/database.js';
import { listOpenIncidents } from '../db/incident-store.js';
import { currentRoleHoldersOf } from '../db/role-store.js';
import { commanderOf, keyOf } from '../incidents/incident.js';
import { formatDateTime, formatDuration } from '../incidents/time.js';
import type { ReportCommand } from './reports.js';
import { UsageError } from './usage-error.js';

const USAGE = 'Usage: sitrep list [--json]';

/**
 * `sitrep list [--json]`: open incidents, most severe first. The operator reads the database
 * directly, so private incidents are listed too, marked as such.
 */
export async function listReport(db: Db, report: ReportCommand, now: Date = new Date()): Promise<string> {
  if (report.positionals.length > 0) throw new UsageError(USAGE);
  const { policy } = report;
  const incidents = await listOpenIncidents(db, policy);
  const holders = await currentRoleHoldersOf(db, incidents.map((i) => i.number));
  const rows = incidents.map((incident) => {
    const roles = holders.get(incident.number) ?? {};
    return { incident, roles: { ...roles, [policy.commanderRole.id]: commanderOf(incident, roles, policy) } };
  });

  if (report.json) {
    return JSON.stringify(
      rows.map(({ incident, roles }) => ({
        number: incident.number,
        key: keyOf(incident),
        title: incident.title,
        severity: incident.severity,
        state: incident.state,
        private: incident.private,
        declarerId: incident.declarerId,
        roles,
        channelId: incident.channelId,
        channelName: incident.channelName,
        declaredAt: incident.declaredAt.toISOString(),
        lastUpdateAt: incident.lastUpdateAt.toISOString(),
        nextUpdateDueAt: incident.nextUpdateDueAt.toISOString(),
      })),
      null,
      2,
    );
  }
  if (rows.length === 0) return 'No open incidents.';
  return rows
    .map(({ incident, roles }) => {
      const late = now.getTime() - incident.nextUpdateDueAt.getTime();
      return [
        keyOf(incident).padEnd(8),
        policy.label(incident.severity),
        incident.state.padEnd(13),
        `${incident.title}${incident.private ? ' (private)' : ''}`,
        `| IC ${roles[policy.commanderRole.id]}`,
        `| ${incident.channelName ? `#${incident.channelName}` : 'no channel yet'}`,
        `| declared ${formatDateTime(incident.declaredAt, report.timezone)} (${formatDuration(now.getTime() - incident.declaredAt.getTime())} ago)`,
        `| next update ${late > 0 ? `overdue by ${formatDuration(late)}` : `due ${formatDateTime(incident.nextUpdateDueAt, report.timezone)}`}`,
      ].join(' ');
    })
    .join('\n');
}
