/** Markup we built ourselves; everything else put into a page is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** A template whose interpolations are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < parts.length; i++) out += render(parts[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * Slack's message text as plain text: its `&amp;` `&lt;` `&gt;` undone, `<url|label>` shortened, and
 * `<@U1>` shown as `@` and the person's name when `nameOf` knows it.
 */
export function slackTextToPlain(text: string, nameOf: (userId: string) => string | undefined = () => undefined): string {
  return text
    .replace(/<([@#!])([^|>]+)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, label?: string) => (sigil === '#' ? `#${label ?? id}` : sigil === '@' ? `@${nameOf(id) ?? label ?? id}` : `@${label ?? id}`))
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
