import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/action-ids.js';
import { nudgeAnnouncementReply, nudgeDirectMessage, nudgeMessage } from '../../../src/slack/blocks/nudge-message.js';
import { findButton } from '../../support/slack-requests.js';

const nudge = { incidentNumber: 7, sinceLastUpdateMs: 32 * 60_000, mentioned: ['UIC', 'UCOMMS'], streak: 1, windowMs: 15 * 60_000 };

describe('the nudge messages', () => {
  it('say how long since the last update, mention who should act, and carry a Post update button', () => {
    const message = nudgeMessage(nudge);
    expect(message.text).toBe('INC-7: no status update for 32m. <@UIC> <@UCOMMS> please post one.');
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('*INC-7* has had no status update for *32m*.');
    expect(shown).toContain('<@UIC> <@UCOMMS> please post one');
    expect(shown).toContain('Next reminder in 15m');
    const button = findButton(message.blocks, ACTIONS.postUpdate);
    expect(button.value).toBe('7');
    expect(button.element.text.text).toBe('Post update');
  });

  it('count the nudges in a row from the second', () => {
    expect(nudgeMessage({ ...nudge, streak: 2 }).text).toContain('no status update for 32m (nudge 2 in a row).');
  });

  it('link the commander to the incident channel in the direct message', () => {
    const message = nudgeDirectMessage({ ...nudge, streak: 2, channelId: 'C0INC7', channelUrl: 'https://acme.slack.com/archives/C0INC7' });
    expect(message.text).toContain('INC-7 has had no status update for 32m (nudge 2 in a row)');
    expect(message.text).toContain('<#C0INC7> (https://acme.slack.com/archives/C0INC7)');
  });

  it('mention the comms lead in the announcement thread', () => {
    const message = nudgeAnnouncementReply({ ...nudge, streak: 3, channelId: 'C0INC7', userId: 'UCOMMS' });
    expect(message.text).toBe('<@UCOMMS> INC-7 has had no status update for 32m (nudge 3 in a row). Please make sure one goes out in <#C0INC7>.');
  });
});
