import { type Followup, followupKey } from '../followup.js';
import { inlineText } from './markdown.js';

export const ACTION_ITEMS_HEADING = '## Action items';

const PLACEHOLDER = '- [ ] _Action_ — owner: _@someone_, due: _date_, tracked in: _link_';
const STATE_WORDS: Record<Followup['state'], string> = { open: 'open', done: 'done', wont_do: "won't do" };

/**
 * The Action items section: every follow-up with its state, owner, due day and tracker link, or the
 * prompts to write some when there are none yet.
 */
export function actionItemsSection(followups: readonly Followup[], person: (userId: string) => string): string[] {
  if (followups.length === 0) return [ACTION_ITEMS_HEADING, '', PLACEHOLDER, PLACEHOLDER];
  const items = followups.map((f) => {
    const box = f.state === 'open' ? '[ ]' : '[x]';
    const details = [
      STATE_WORDS[f.state],
      `owner: ${person(f.ownerId)}`,
      `due: ${f.dueDate ?? '—'}`,
      `tracked in: ${f.trackerUrl ? `<${f.trackerUrl}>` : '—'}`,
    ];
    const text = f.state === 'wont_do' ? `~~${inlineText(f.text)}~~` : inlineText(f.text);
    return `- ${box} ${followupKey(f)} ${text} — ${details.join(', ')}`;
  });
  return [ACTION_ITEMS_HEADING, '', ...items];
}

/**
 * A stored draft with its Action items section as the follow-ups are now: a follow-up added after
 * the close shows without writing a new version. The section runs to the next heading or the end.
 */
export function withActionItems(markdown: string, section: readonly string[]): string {
  const start = markdown.indexOf(`\n${ACTION_ITEMS_HEADING}\n`);
  if (start === -1) return `${markdown.trimEnd()}\n\n${section.join('\n')}\n`;
  const after = markdown.indexOf('\n## ', start + 1 + ACTION_ITEMS_HEADING.length);
  const rest = after === -1 ? '\n' : `\n${markdown.slice(after)}`;
  return `${markdown.slice(0, start + 1)}${section.join('\n')}\n${rest}`;
}
