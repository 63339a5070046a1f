import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { createdChannel, incidentRowByChannel, runCommand, startDeclareApp } from './declare-support.js';

describe.each(DATABASE_KINDS)('a quick declare\'s title on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startDeclareApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('stores what people typed, not Slack\'s escapes, and shows it escaped once', async () => {
    // With should_escape, Slack delivers `&`, `<`, `>` as entities and mentions as markup.
    await runCommand(app, 'declare sev2 Checkout &amp; payments &lt;EU&gt; paged <@UCAROL|carol>', { userId: 'UALICE' });
    const channel = createdChannel(app);
    expect(channel.name).toMatch(/^inc-\d+-checkout-payments-eu-paged-carol$/);
    const row = await incidentRowByChannel(app, channel.id);
    expect(row.title).toBe('Checkout & payments <EU> paged @carol');

    const card = app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === channel.id)!;
    const header = card.args.blocks[0].text.text as string;
    expect(header).toContain('Checkout & payments <EU> paged @carol');
    const announcement = app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0INCIDENTS')!;
    expect(JSON.stringify(announcement.args.blocks)).toContain('Checkout &amp; payments &lt;EU&gt; paged @carol');
  });
});
