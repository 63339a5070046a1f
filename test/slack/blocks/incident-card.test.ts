// People's text reaches Slack in mrkdwn, where `<…>` is markup: `<!channel>` pings everyone and
// `<@U…>` mentions someone. What a responder types must come back as the characters they typed.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/incidents/incident.js';
import { anIncident } from '../../support/incident-fixture.js';
import { incidentAnnouncement } from '../../../src/slack/blocks/announcement.js';
import { incidentCard, incidentTopic } from '../../../src/slack/blocks/incident-card.js';
import type { SlackMessage } from '../../../src/slack/slack-api.js';
import { todaysPolicy } from '../../support/policy.js';

const HOSTILE = '<script>alert(1)</script> <!channel> <@U123> *bold* R&D';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U123&gt; *bold* R&amp;D';

const incident = (overrides: Partial<Incident> = {}) =>
  anIncident({
    number: 7,
    title: HOSTILE,
    description: `Impact: ${HOSTILE}`,
    declarerId: 'UDECLARER',
    channelName: 'inc-7-script',
    cardTs: '1763733600.000100',
    announcementTs: '1763733600.000200',
    ...overrides,
  });

/** Every text object in the blocks, by type, wherever Block Kit nests it. */
function texts(value: unknown, type: 'mrkdwn' | 'plain_text', found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) texts(item, type, found);
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj.type === type && typeof obj.text === 'string') found.push(obj.text);
    for (const child of Object.values(obj)) texts(child, type, found);
  }
  return found;
}

/** Mrkdwn Slack parses: every mrkdwn block text, and the message text (notifications and fallback). */
const parsedAsMrkdwn = (message: SlackMessage) => [message.text, ...texts(message.blocks, 'mrkdwn')];

function expectNoMarkupFromTheTitle(message: SlackMessage): void {
  for (const text of parsedAsMrkdwn(message)) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toMatch(/R&D/);
  }
}

describe('the incident card', () => {
  const card = incidentCard(incident(), { comms: 'UCOMMS' }, todaysPolicy);

  it('shows a hostile title as typed in the plain-text header, where Slack parses no markup', () => {
    expect(card.blocks![0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: `INC-7: ${HOSTILE}` } });
  });

  it('escapes the title and the description wherever they are mrkdwn, so nobody is pinged', () => {
    expectNoMarkupFromTheTitle(card);
    expect(card.text).toContain(ESCAPED);
    expect(texts(card.blocks, 'mrkdwn')).toContain(`*Impact*\nImpact: ${ESCAPED}`);
  });

  it('still mentions the people Sitrep means to mention', () => {
    const mrkdwn = texts(card.blocks, 'mrkdwn').join('\n');
    expect(mrkdwn).toContain('<@UDECLARER>');
    expect(mrkdwn).toContain('<@UCOMMS>');
  });

  it('keeps the title out of the channel topic', () => {
    expect(incidentTopic(incident(), {}, todaysPolicy)).toBe('SEV2 · investigating · IC <@UDECLARER>');
  });
});

describe('the announcement', () => {
  it('escapes the title in its text and blocks', () => {
    const announcement = incidentAnnouncement(incident(), {}, todaysPolicy);
    expectNoMarkupFromTheTitle(announcement);
    expect(announcement.text).toContain(`INC-7: ${ESCAPED}`);
    expect(texts(announcement.blocks, 'mrkdwn').join('\n')).toContain(`*INC-7: ${ESCAPED}*`);
  });

  it('leaves a private incident\'s title out altogether', () => {
    const announcement = incidentAnnouncement(incident({ private: true }), {}, todaysPolicy);
    for (const text of [...parsedAsMrkdwn(announcement), ...texts(announcement.blocks, 'plain_text')]) {
      expect(text).not.toContain('alert(1)');
      expect(text).not.toContain('bold');
    }
    expect(announcement.text).toContain('INC-7 (private incident)');
  });
});
