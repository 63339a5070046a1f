import type { Db } from '../db/database.js';
import { getIncident } from '../db/incident-store.js';
import { listTimelineEntries, type RecordedTimelineEntry } from '../db/timeline-store.js';
import { keyOf } from '../incidents/incident.js';
import { formatDateTime } from '../incidents/time.js';
import { isReply, threadedOrder } from '../incidents/timeline.js';
import { type Zone, zoneOf } from '../incidents/zoned-time.js';
import { parseIncidentRef } from './incident-ref.js';
import type { ReportCommand } from './reports.js';
import { UsageError } from './usage-error.js';

const USAGE = 'Usage: sitrep timeline <incident> [--json]   (<incident> is 42 or INC-42)';

/** `sitrep timeline <incident> [--json]`: the incident's timeline, deleted messages left out. */
export async function timelineReport(db: Db, report: ReportCommand): Promise<string> {
  const [ref, ...extra] = report.positionals;
  const number = ref === undefined || extra.length > 0 ? undefined : parseIncidentRef(ref);
  if (number === undefined) throw new UsageError(USAGE);
  const incident = await getIncident(db, number);
  if (!incident) throw new UsageError(`There is no incident ${keyOfRef(number)}.`);

  const entries = (await listTimelineEntries(db, number)).filter((entry) => entry.deletedAt === null);
  const names = authorNames(entries);
  if (report.json) return JSON.stringify(entries.map((entry) => asJson(entry, names)), null, 2);

  const header = `${keyOf(incident)} ${incident.title} (${incident.severity}, ${incident.state})`;
  if (entries.length === 0) return `${header}\n(no timeline entries yet)`;
  const zone = zoneOf(report.timezone);
  return [header, ...threadedOrder(entries).map((entry) => asLine(entry, names, zone))].join('\n');
}

const keyOfRef = (number: number) => keyOf({ number });

/** Names Slack gave for authors when their messages were stored, for every entry by the same person. */
function authorNames(entries: readonly RecordedTimelineEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of entries) {
    const name = entry.data.authorName;
    if (entry.authorId && typeof name === 'string') names.set(entry.authorId, name);
  }
  return names;
}

function asJson(entry: RecordedTimelineEntry, names: Map<string, string>) {
  return {
    id: entry.id,
    kind: entry.kind,
    occurredAt: entry.occurredAt.toISOString(),
    authorId: entry.authorId,
    authorName: entry.authorId ? (names.get(entry.authorId) ?? null) : null,
    text: entry.text,
    files: entry.files,
    messageTs: entry.messageTs,
    threadTs: entry.threadTs,
    permalink: entry.permalink,
    keyEvent: entry.keyEvent,
    editedAt: entry.editedAt?.toISOString() ?? null,
    data: entry.data,
  };
}

/** `2026-11-21 14:05 UTC  @alice  📌 text (edited)`; replies indented under their thread. */
function asLine(entry: RecordedTimelineEntry, names: Map<string, string>, zone: Zone): string {
  const who = entry.authorId ? `@${names.get(entry.authorId) ?? entry.authorId}` : 'Sitrep';
  const label = entry.kind === 'message' ? '' : `[${entry.kind.replaceAll('_', ' ')}] `;
  const files = entry.files.length > 0 ? `[files: ${entry.files.map((f) => f.name).join(', ')}]` : '';
  const text = [plainText(entry.text, names), files].filter(Boolean).join(' ');
  return [
    isReply(entry) ? '    ' : '',
    `${formatDateTime(entry.occurredAt, zone)}  ${who}  `,
    entry.keyEvent ? '📌 ' : '',
    label,
    text,
    entry.editedAt ? ' (edited)' : '',
  ].join('');
}

/** Slack mrkdwn as a terminal line: mentions by name, links spelled out, one line. */
function plainText(text: string, names: Map<string, string>): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `@${names.get(id) ?? label ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `#${label || id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s*\n\s*/g, ' ⏎ ')
    .trim();
}
