import { describe, expect, it } from 'vitest';
import { truncate } from '../../../src/slack/blocks/text.js';
import { defuseMessage } from '../../../src/slack/defuse-message.js';

// Half of a surrogate pair: what cutting UTF-16 units in the middle of an emoji leaves.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('truncate', () => {
  const codePoints = (text: string) => [...text].length;

  it('counts code points, so 150 emoji fit a 150-character header', () => {
    const emoji = '🔥'.repeat(150);
    expect(truncate(emoji, 150)).toBe(emoji);
  });

  it('never splits a surrogate pair or an emoji sequence when cutting', () => {
    for (const emoji of ['🔥', '👩‍👩‍👧', '🇫🇷', 'é']) {
      for (let pad = 0; pad < 4; pad++) {
        const cut = truncate(`${'a'.repeat(140 + pad)}${emoji.repeat(11)}`, 150);
        expect(codePoints(cut)).toBeLessThanOrEqual(150);
        expect(cut.endsWith('…')).toBe(true);
        expect(cut).not.toMatch(LONE_SURROGATE);
        // Whatever remains before the ellipsis is whole emoji only.
        expect(cut.slice(0, -1).replace(/^a+/, '').split(emoji).every((part) => part === '')).toBe(true);
      }
    }
  });

  it('keeps short text as it is', () => {
    expect(truncate('DB down', 150)).toBe('DB down');
  });
});

describe('defuseMessage', () => {
  it('defuses broadcasts in the text and at every depth of the blocks', () => {
    const message = defuseMessage({
      text: 'update <!channel> <!here|here> <!everyone> <@UALICE> <#C1>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'hi <!here>' }, fields: [{ type: 'mrkdwn', text: '<!channel>' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '<!everyone> by <@UBOB>' }] },
      ],
    });
    expect(message.text).toBe('update @channel @here @everyone <@UALICE> <#C1>');
    expect(JSON.stringify(message.blocks)).not.toMatch(/<!(channel|here|everyone)/);
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'hi @here' }, fields: [{ type: 'mrkdwn', text: '@channel' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '@everyone by <@UBOB>' }] },
    ]);
  });
});
