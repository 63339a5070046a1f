import type { TimelineEntry } from '../timeline-entry.js';
import type { TimelineKind } from '../types.js';
import type { Format } from './format.js';
import type { RetrospectiveInput } from './input.js';
import { inlineText, listItem, textLines } from './markdown.js';

const KIND_LABELS: Record<Exclude<TimelineKind, 'message'>, string> = {
  declared: 'declared',
  role_assigned: 'role assigned',
  role_handoff: 'role handoff',
  severity_changed: 'severity changed',
  state_changed: 'state changed',
  status_update: 'status update',
  nudge: 'nudge',
  resolved: 'resolved',
  reopened: 'reopened',
  closed: 'closed',
  milestone: 'milestone',
  checklist_ticked: 'checklist item done',
  checklist_unticked: 'checklist item undone',
  rule_ran: 'rule ran',
  page: 'page',
  followup: 'follow-up',
  alert_fired: 'alert fired',
  alert_refired: 'alert fired again',
  alert_resolved: 'alert resolved',
  alert: 'alert',
};

const isReply = (entry: TimelineEntry) => entry.threadTs !== null && entry.threadTs !== entry.messageTs;

// Slack ts and bigint ids as strings: compare as numbers without losing precision.
function compareNumeric(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function byTime(a: TimelineEntry, b: TimelineEntry): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || compareNumeric(a.id, b.id);
}

/**
 * Every entry not deleted, in order, grouped by day; replies indented under the message that
 * started their thread (left at their own place, marked, when that message is not shown).
 */
export function timelineSection(input: RetrospectiveInput, format: Format): string[] {
  const entries = input.timeline.filter((e) => !e.deletedAt).sort(byTime);
  const parents = new Map<string, TimelineEntry>();
  for (const entry of entries) {
    if (entry.messageTs && !isReply(entry) && !parents.has(entry.messageTs)) parents.set(entry.messageTs, entry);
  }
  const replies = new Map<TimelineEntry, TimelineEntry[]>();
  const topLevel: TimelineEntry[] = [];
  for (const entry of entries) {
    const parent = isReply(entry) ? parents.get(entry.threadTs!) : undefined;
    if (parent) {
      const thread = replies.get(parent);
      if (thread) thread.push(entry);
      else replies.set(parent, [entry]);
    } else {
      topLevel.push(entry);
    }
  }

  const lines = [
    '## Timeline',
    '',
    '📌 marks a key event (a :pushpin: reaction). Thread replies are indented under the message they answer; deleted messages are left out.',
  ];
  if (topLevel.length === 0) return [...lines, '', '_Nothing was recorded._'];
  let day = '';
  for (const entry of topLevel) {
    const entryDay = format.day(entry.occurredAt);
    if (entryDay !== day) {
      day = entryDay;
      lines.push('', `### ${day}`, '');
    }
    lines.push(...listItem(0, entryLines(entry, format, entry.occurredAt, isReply(entry))));
    for (const reply of replies.get(entry) ?? []) lines.push(...listItem(1, entryLines(reply, format, entry.occurredAt, false)));
  }
  return lines;
}

function entryLines(entry: TimelineEntry, format: Format, reference: Date, orphanReply: boolean): string[] {
  const pin = entry.keyEvent ? '📌 ' : '';
  const kind = entry.kind === 'message' ? '' : ` · _${KIND_LABELS[entry.kind]}_`;
  const head = `**${format.timeAfter(entry.occurredAt, reference)}** ${pin}${format.person(entry.authorId)}${kind}:`;
  const text = textLines(format.slack(entry.text), { firstFollowsText: true });
  const extras = [
    orphanReply ? '_(reply in a thread)_' : '',
    entry.files.length > 0 ? `📎 ${entry.files.map((f) => inlineText(f.name)).join(', ')}` : '',
    entry.editedAt ? '_(edited)_' : '',
  ].filter(Boolean);
  const lines = [`${head} ${text[0] ?? ''}`.trimEnd(), ...text.slice(1)];
  if (extras.length > 0) lines[lines.length - 1] += ` ${extras.join(' ')}`;
  return lines;
}
