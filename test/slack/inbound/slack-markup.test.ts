import { describe, expect, it } from 'vitest';
import { slackTextToPlain } from '../../../src/slack/inbound/slack-markup.js';

describe('Slack markup as plain text (titles typed in a command)', () => {
  it('decodes Slack\'s escapes and reads mentions, channels, links and broadcasts as people meant them', () => {
    expect(slackTextToPlain('Checkout &amp; payments &lt;EU&gt; down')).toBe('Checkout & payments <EU> down');
    expect(slackTextToPlain('Paged <@U123|bob> in <#C9|ops-alerts>')).toBe('Paged @bob in #ops-alerts');
    expect(slackTextToPlain('See <https://status.example/x|status page> and <https://a.example>')).toBe(
      'See status page (https://status.example/x) and https://a.example',
    );
    expect(slackTextToPlain('<!here> DB down for <mailto:ops@example.com>')).toBe('@here DB down for ops@example.com');
    expect(slackTextToPlain('Plain title')).toBe('Plain title');
  });
});
