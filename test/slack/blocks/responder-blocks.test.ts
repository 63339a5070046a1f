import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src/incidents/incident.js';
import { anIncident } from '../../support/incident-fixture.js';
import { homeView } from '../../../src/slack/blocks/home-view.js';
import { roleChangeNotice, resolvedNotice, severityNotice } from '../../../src/slack/blocks/incident-notices.js';
import { incidentList } from '../../../src/slack/blocks/incident-list.js';
import { infoSummary } from '../../../src/slack/blocks/info-summary.js';
import { rolesModal } from '../../../src/slack/blocks/roles-modal.js';
import { statusUpdateMessage } from '../../../src/slack/blocks/status-update-message.js';
import { updateModal } from '../../../src/slack/blocks/update-modal.js';
import { todaysPolicy } from '../../support/policy.js';
import { defaultPolicy } from '../../../src/incidents/policy.js';

const now = new Date('2026-11-21T15:05:00Z');

const incident = (number: number, overrides: Partial<Incident> = {}) =>
  anIncident({ number, title: `Checkout <!channel> & co ${number}`, ...overrides });

describe('responder messages and forms', () => {
  it('posts a status update as written in Slack, mentions and links kept, channel-wide pings defused', () => {
    // Update text is stored in Slack's markup, as the command delivered it (a form's text is escaped on the way in).
    const message = statusUpdateMessage(
      incident(4, { state: 'identified' }),
      { authorId: 'UBOB', text: 'Ping <!here> &amp; <!channel|channel> <@UCAROL> see <https://status.example|status> &lt;b&gt;', previousState: 'investigating', nextUpdateDueAt: new Date('2026-11-21T15:35:00Z') },
      now,
      'UTC',
      todaysPolicy,
    );
    const shown = (message.blocks![0] as { text: { text: string } }).text.text;
    expect(shown).toContain('Ping @here &amp; @channel <@UCAROL> see <https://status.example|status> &lt;b&gt;');
    expect(shown).not.toContain('<!here>');
    expect(shown).not.toContain('<!channel');
    expect(shown).toContain('*identified* (was investigating)');
    expect(message.text).toContain('Next update by 15:35');
  });

  it('words role, severity and resolution notices for the channel', () => {
    expect(roleChangeNotice({ kind: 'handoff', role: 'comms', userId: 'UBOB', previousUserId: 'UCAROL' }, todaysPolicy).text).toBe(
      '<@UBOB> is now Communications Lead, taking over from <@UCAROL>.',
    );
    expect(roleChangeNotice({ kind: 'assigned', role: 'ops', userId: 'UBOB', previousUserId: null }, todaysPolicy).text).toBe('<@UBOB> is now Operations Lead.');
    expect(severityNotice({ number: 4 }, 'sev1', 'sev3', 'UBOB', todaysPolicy).text).toBe(
      ':arrow_down: INC-4 severity lowered from SEV1 to :large_yellow_circle: *SEV3* by <@UBOB>.',
    );
    expect(resolvedNotice(incident(4), 'UBOB', 'Rolled &lt;back&gt; <!everyone>', now).text).toBe(
      ':white_check_mark: *INC-4 resolved* by <@UBOB> after 1h 05m. Nudges have stopped.\n>Rolled &lt;back&gt; @everyone',
    );
  });

  it('fills the roles form with the holders, the declarer standing in as commander', () => {
    const view = rolesModal(incident(4), { ops: 'UDAVE' }, todaysPolicy);
    const pickers = view.blocks.filter((b) => b.type === 'input').map((b) => ('element' in b ? b.element : undefined));
    expect(pickers).toEqual([
      expect.objectContaining({ type: 'users_select', initial_user: 'UALICE' }),
      expect.not.objectContaining({ initial_user: expect.anything() }),
      expect.objectContaining({ initial_user: 'UDAVE' }),
    ]);
    expect(JSON.parse(view.private_metadata!)).toEqual({ incident: 4, channel: 'C0INC4' });
    expect(JSON.stringify(view.blocks)).toContain('&lt;!channel&gt;');
  });

  it('offers the severity\'s cadence as the default next update time', () => {
    const view = updateModal(incident(4, { state: 'monitoring', severity: 'sev2' }), defaultPolicy({ defaultSeverity: 'sev3', staleAfterMs: [15 * 60_000, 45 * 60_000, 3_600_000, 4 * 3_600_000] }));
    const byBlock = Object.fromEntries(view.blocks.map((b) => [b.block_id, b]));
    expect(JSON.stringify(byBlock.update_state)).toContain('"initial_option":{"text":{"type":"plain_text","text":"monitoring"},"value":"monitoring"}');
    const next = (byBlock.update_next as { element: { options: { text: { text: string } }[]; initial_option: { value: string } } }).element;
    expect(next.options.map((o) => o.text.text)).toEqual(['15 minutes', '30 minutes', '45 minutes', '1 hour', '2 hours', '4 hours']);
    expect(next.initial_option.value).toBe(String(45 * 60_000));
  });

  it('says in /incident info when the next update is overdue', () => {
    const message = infoSummary({ incident: incident(4), roles: {}, latestUpdate: undefined, updateCount: 0 }, now, 'UTC', todaysPolicy);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('*Next update due* 2026-11-21 14:30 UTC — :warning: overdue by 35m');
    expect(shown).toContain('*Operations Lead* _unassigned_');
    expect(shown).toContain('Checkout &lt;!channel&gt; &amp; co 4');
  });

  it('keeps a long list within Slack\'s block limits', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ incident: incident(i + 1, { title: 'x'.repeat(150) }), roles: {} }));
    const list = incidentList(many, now, todaysPolicy);
    expect(list.blocks!.length).toBeLessThanOrEqual(50);
    for (const block of list.blocks!) expect(JSON.stringify(block).length).toBeLessThan(3500);
    expect(JSON.stringify(list.blocks!.at(-1))).toContain('…and 208 more');
    const home = homeView(many, many.slice(0, 10), now, 'UTC', todaysPolicy);
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(home.blocks)).toContain('…and 340 more');
  });

  it('says so when there is nothing open', () => {
    expect(incidentList([], now, todaysPolicy).text).toBe(':white_check_mark: No open incidents.');
    expect(JSON.stringify(homeView([], [], now, 'UTC', todaysPolicy).blocks)).toContain('No open incidents.');
  });
});
