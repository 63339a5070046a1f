import type { Format } from './format.js';
import { severityChanges } from './figures.js';
import type { RetrospectiveInput, StatusUpdate } from './input.js';
import { listItem, textLines } from './markdown.js';

function inOrder(updates: readonly StatusUpdate[]): StatusUpdate[] {
  return [...updates].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime());
}

export function impactSection(input: RetrospectiveInput, format: Format): string[] {
  const lines = ['## Impact', ''];
  const description = textLines(format.slack(input.incident.description), { firstFollowsText: false });
  if (description.length > 0) lines.push(...description.map((line, i) => (i < description.length - 1 ? `${line}  ` : line)));
  else lines.push('_No impact was described when the incident was declared._');

  const changes = severityChanges(input);
  if (changes.length > 0) {
    const label = (severity: string) => input.policy.label(severity);
    const path = [label(changes[0]!.from), ...changes.map((c) => `${label(c.to)} (${format.dateTime(c.at)})`)];
    lines.push('', `Severity over time: ${path.join(' → ')}.`);
  }
  const latest = inOrder(input.statusUpdates).at(-1);
  if (latest) {
    const text = textLines(format.slack(latest.text), { firstFollowsText: true });
    lines.push('', `Latest status update (${format.dateTime(latest.postedAt)}, ${format.person(latest.authorId)}):`, '');
    lines.push(...listItem(0, text.length > 0 ? text : ['_(no text)_']));
  }
  lines.push('', '_Fill in: who and what was affected, how badly and for how long (customers, regions, requests, revenue, data)._');
  return lines;
}

export function statusUpdatesSection(input: RetrospectiveInput, format: Format): string[] {
  const updates = inOrder(input.statusUpdates);
  if (updates.length === 0) return ['## Status updates', '', '_No status updates were posted._'];
  const items = updates.flatMap((update) => {
    const state = update.state ? ` · state: ${update.state}` : '';
    const head = `**${format.dateTime(update.postedAt)}** ${format.person(update.authorId)}${state} · next update due ${format.timeAfter(update.nextUpdateDueAt, update.postedAt)}`;
    return listItem(0, [head, ...textLines(format.slack(update.text), { firstFollowsText: false })]);
  });
  return ['## Status updates', '', ...items];
}
