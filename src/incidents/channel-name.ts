/** Slack's limit on a channel name's length. */
export const CHANNEL_NAME_MAX = 80;

// Latin letters NFKD does not split into a base letter and a mark.
const LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * `Café ☕ checkout: DOWN!` → `cafe-checkout-down`: lowercase ASCII letters, digits and single
 * hyphens. Accents are transliterated (NFKD splits é into e + a mark, the mark is dropped);
 * anything else outside ASCII, emoji included, is dropped.
 */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[øæœßłđðþı]/g, (letter) => LETTERS[letter] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Cuts to `max` characters without leaving a hyphen dangling at the end. */
function cut(name: string, max: number): string {
  return name.slice(0, max).replace(/-+$/, '');
}

/** `<prefix>-<n>-<slug>`, at most 80 characters; `<prefix>-<n>` when the title has nothing to slug. */
export function incidentChannelName(prefix: string, incidentNumber: number, title: string): string {
  const slug = slugOf(title);
  return cut(slug ? `${prefix}-${incidentNumber}-${slug}` : `${prefix}-${incidentNumber}`, CHANNEL_NAME_MAX);
}

/** The name to try when `name` is taken: `-2`, `-3`… appended, still at most 80 characters. */
export function withSuffix(name: string, k: number): string {
  const suffix = `-${k}`;
  return `${cut(name, CHANNEL_NAME_MAX - suffix.length)}${suffix}`;
}
