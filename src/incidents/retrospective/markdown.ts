/**
 * Markdown building blocks that keep people's text as text: whatever a title or message
 * contains, it cannot open HTML, links, images, headings, lists, fences or break a table.
 */

// A backslash before punctuation would escape it; `&name;` would become a character.
const INLINE_SPECIAL = /\\(?=[!-/:-@[-`{-~])|&(?=#?[a-z0-9]+;)|[<>[\]]/gi;
const INLINE_REPLACEMENT: Record<string, string> = { '\\': '\\\\', '&': '&amp;', '<': '&lt;', '>': '&gt;', '[': '\\[', ']': '\\]' };

/** Plain text, safe inline: no HTML tags, no links or images, no entities. Emphasis and code spans stay. */
export function inlineText(text: string): string {
  return text.replace(INLINE_SPECIAL, (c) => INLINE_REPLACEMENT[c] ?? c);
}

// What turns a line into a heading, list, quote, rule, setext underline or fence when it starts one.
const BLOCK_START = /^(?:[#+\-*=_`~]|\d+(?=[.)]))/;

function escapeLineStart(line: string): string {
  const trimmed = line.trimStart();
  const marker = BLOCK_START.exec(trimmed);
  if (!marker) return trimmed;
  // Digits of an ordered list: escape the `.` or `)` after them; otherwise the marker itself.
  return /^\d/.test(marker[0])
    ? `${marker[0]}\\${trimmed.slice(marker[0].length)}`
    : `\\${trimmed}`;
}

/**
 * Inline Markdown of several lines, as lines that cannot start a block of their own.
 * Blank lines are dropped: the text stays one paragraph wherever it is placed.
 * The first line is left as is when it follows other text on its line.
 */
export function textLines(markdown: string, options: { firstFollowsText: boolean }): string[] {
  const lines = markdown.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.map((line, i) => (i === 0 && options.firstFollowsText ? line.trim() : escapeLineStart(line)));
}

/** One line for a heading or a table cell. */
export function oneLine(markdown: string): string {
  return markdown.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A table cell: one line, pipes escaped (GFM splits cells on any unescaped `|`). */
function tableCell(markdown: string): string {
  return oneLine(markdown).replace(/\|/g, '\\|');
}

/** A GFM table; cells must already be inline Markdown. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(tableCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)];
}

/**
 * A list item at the given depth; its lines end in hard breaks so they show as lines,
 * and continuation lines are indented so they stay inside the item.
 */
export function listItem(depth: number, lines: readonly string[]): string[] {
  const pad = '  '.repeat(depth);
  const last = lines.length - 1;
  return lines.map((line, i) => `${pad}${i === 0 ? '- ' : '  '}${line}${i < last ? '  ' : ''}`);
}
