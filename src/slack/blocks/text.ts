import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Severity } from '../../incidents/types.js';

/** People's text shown in mrkdwn: Slack's three control characters escaped, so nothing they type becomes markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text people wrote, already in Slack's markup (a command's text, a message): kept as written, so
 * their mentions and links work, except channel-wide pings, which Sitrep's own posts never make.
 */
export function defuseBroadcasts(slackText: string): string {
  return slackText.replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1');
}

export function mention(userId: string | undefined): string {
  return userId ? `<@${userId}>` : '_unassigned_';
}

export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}

// By the severity's place in the policy's order: the three most severe get a colour, the rest white.
const SEVERITY_COLOURS = [':red_circle:', ':large_orange_circle:', ':large_yellow_circle:'];

export function severityEmoji(policy: IncidentPolicy, severity: Severity): string {
  return SEVERITY_COLOURS[policy.severityIds.indexOf(severity)] ?? ':white_circle:';
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Slack caps a section's text at 3000 characters and a header at 150, counted in code points;
 * cut politely, at a whole character: an emoji (surrogate pair, ZWJ sequence, flag) is kept or dropped whole.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if ([...text].length <= max) return text;
  let kept = '';
  let codePoints = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (codePoints + size > max - 1) break;
    kept += segment;
    codePoints += size;
  }
  return `${kept}…`;
}
