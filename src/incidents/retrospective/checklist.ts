import type { Format } from './format.js';
import type { RetrospectiveInput } from './input.js';
import { inlineText } from './markdown.js';

/** Each checklist item done (by whom, when) or not done; no section when the incident had no checklist. */
export function checklistSection(input: RetrospectiveInput, format: Format): string[] {
  const items = input.checklist ?? [];
  if (items.length === 0) return [];
  const done = items.filter((item) => item.doneAt !== null).length;
  const lines = items.map((item) =>
    item.doneAt
      ? `- [x] ${inlineText(item.text)} — done by ${format.person(item.doneBy)}, ${format.dateTime(item.doneAt)}`
      : `- [ ] ${inlineText(item.text)} — not done`,
  );
  return ['## Checklist', '', `${done} of ${items.length} done.`, '', ...lines];
}
