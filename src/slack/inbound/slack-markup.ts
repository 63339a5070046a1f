import type { MessageMarkup, Names } from '../../incidents/retrospective/format.js';
import { inlineText } from '../../incidents/retrospective/markdown.js';

const TOKEN = /<([^<>]*)>/g;
const SLACK_ENTITY = /&(amp|lt|gt);/g;
const SLACK_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
const LINKABLE = /^(https?|mailto):/i;
const BROADCASTS: ReadonlySet<string> = new Set(['here', 'channel', 'everyone']);

/** Slack's three escapes back to the characters people typed. */
function unescapeSlack(text: string): string {
  return text.replace(SLACK_ENTITY, (_, name: string) => SLACK_ENTITIES[name]!);
}

/** How rendered text comes out: Markdown (escaped, links as [label](url)) or plain text. */
interface TextStyle {
  text(typed: string): string;
  link(label: string, url: string): string;
}

const MARKDOWN: TextStyle = {
  text: inlineText,
  link: (label, url) => (label && label !== url ? `[${inlineText(label)}](${safeUrl(url)})` : safeUrl(url)),
};

const PLAIN: TextStyle = {
  text: (typed) => typed,
  link: (label, url) => (label && label !== url ? `${label} (${url})` : url),
};

const NO_NAMES: Names = { users: {}, channels: {} };

/**
 * A Slack message as readable Markdown: `<@U1>` → @name, `<#C1|name>` → #name,
 * `<https://x|label>` → [label](https://x), `<!here>` → @here, `&amp;` → &; everything
 * people typed stays text (see inlineText).
 */
function renderSlackText(text: string, names: Names): string {
  return render(text, names, MARKDOWN);
}

/** Slack's mrkdwn as the retrospective's Markdown. */
export const slackMarkup: MessageMarkup = { toMarkdown: renderSlackText };

/**
 * Text Slack sent in its own markup (a slash command's text) as the plain text people meant:
 * `Checkout &amp; payments for <@U1|bob>` → `Checkout & payments for @bob`. For titles, which are
 * names, not messages: they are escaped again wherever they are shown.
 */
export function slackTextToPlain(text: string): string {
  return render(text, NO_NAMES, PLAIN);
}

function render(text: string, names: Names, style: TextStyle): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    out += style.text(unescapeSlack(text.slice(last, match.index)));
    out += renderToken(match[1]!, names, style);
    last = match.index + match[0].length;
  }
  return out + style.text(unescapeSlack(text.slice(last)));
}

function renderToken(token: string, names: Names, style: TextStyle): string {
  const inlineText = style.text;
  const bar = token.indexOf('|');
  const target = bar === -1 ? token : token.slice(0, bar);
  const label = bar === -1 ? '' : unescapeSlack(token.slice(bar + 1));

  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `@${inlineText(nameOf(names.users, id) ?? (label || id))}`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `#${inlineText(nameOf(names.channels, id) ?? (label || id))}`;
  }
  if (target.startsWith('!')) return renderSpecial(target.slice(1), label, style);

  const url = unescapeSlack(target);
  if (LINKABLE.test(url)) {
    if (!label && url.toLowerCase().startsWith('mailto:')) return inlineText(url.slice('mailto:'.length));
    return style.link(label, url);
  }
  // Not a link Slack makes, or a scheme that should not be clickable (javascript:): plain text.
  return inlineText(label || `<${unescapeSlack(token)}>`);
}

// Ids come from message text: `<#constructor>` must not find Object's constructor.
function nameOf(names: Readonly<Record<string, string>>, id: string): string | undefined {
  return Object.hasOwn(names, id) ? names[id] : undefined;
}

/** `<!here>`, `<!subteam^S1|@oncall>`, `<!date^…|fallback>`. */
function renderSpecial(command: string, label: string, style: TextStyle): string {
  const inlineText = style.text;
  const name = command.split('^')[0]!;
  if (BROADCASTS.has(name)) return `@${name}`;
  if (name === 'subteam') return inlineText(label ? (label.startsWith('@') ? label : `@${label}`) : `@${command.split('^')[1] ?? 'team'}`);
  if (label) return inlineText(label);
  return inlineText(`@${name}`);
}

/** A link destination that stays one destination: no spaces, brackets or parentheses to end it early. */
function safeUrl(url: string): string {
  return inlineTextInUrl(url).replace(/[\s()<>[\]|`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// `&name;` in a destination would be decoded by a Markdown reader; keep it as typed.
function inlineTextInUrl(url: string): string {
  return url.replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;');
}
