import type { IncidentPolicy } from '../../incidents/policy.js';
import type { IncidentStats, SeverityStats } from '../../incidents/stats.js';
import { formatDuration } from '../../incidents/time.js';
import type { SlackMessage } from '../slack-api.js';

const COLUMNS = ['Severity', 'Incidents', 'Resolved', 'Median TTR', 'p90 TTR', 'Median 1st update'];
// Shown once some incident of the window was acknowledged in a pager: teams that page see it.
const ACK_COLUMN = 'Median TTA';

const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

function cellsOf(label: string, stats: SeverityStats, withAck: boolean): string[] {
  const cells = [
    label,
    String(stats.count),
    String(stats.resolved),
    duration(stats.medianTimeToResolveMs),
    duration(stats.p90TimeToResolveMs),
    duration(stats.medianTimeToFirstUpdateMs),
  ];
  return withAck ? [...cells, duration(stats.medianTimeToAcknowledgeMs ?? null)] : cells;
}

const EMPTY: SeverityStats = { count: 0, resolved: 0, medianTimeToResolveMs: null, p90TimeToResolveMs: null, medianTimeToFirstUpdateMs: null };

/**
 * `/incident stats`: a monospace table per severity in the policy's order, every severity shown,
 * then any no longer in the policy that incidents still have, the total last.
 */
export function statsTable(stats: IncidentStats, policy: IncidentPolicy): SlackMessage {
  const severities = [...new Set([...policy.severityIds, ...Object.keys(stats.bySeverity)])];
  const withAck = stats.total.medianTimeToAcknowledgeMs != null;
  const columns = withAck ? [...COLUMNS, ACK_COLUMN] : COLUMNS;
  const rows = [
    [...columns],
    ...severities.map((severity) => cellsOf(policy.label(severity), stats.bySeverity[severity] ?? EMPTY, withAck)),
    cellsOf('All', stats.total, withAck),
  ];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  // Names left, figures right: columns of numbers read best aligned on their last digit.
  const lines = rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  const window = `the last ${stats.days} day${stats.days === 1 ? '' : 's'}`;
  const heading = `*Incidents declared in ${window}*, by severity`;
  const legend = `TTR = time to resolve (declared → resolved), over resolved incidents. 1st update = declared → first status update.${withAck ? ' TTA = time to acknowledge (declared → first page acknowledged).' : ''} Abandoned declarations are not counted.`;
  const table = `${heading}\n\`\`\`\n${lines.join('\n')}\n\`\`\``;
  // The text carries the whole table too, for a reply that sends text alone.
  return {
    text: `${table}\n${legend}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: table } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: legend }] },
    ],
  };
}
