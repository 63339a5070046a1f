// Defect 4 of issue 13: the database goes away in the middle of a declare, after the incident is
// stored. The declarer must get the channel link (not "something went wrong, try again"), and
// Slack's retry of the same command must not declare it twice.
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/app-harness.js';
import { withProxiedDatabase } from '../support/proxied-app.js';
import { declarationsSettled, INCIDENTS_CHANNEL } from './declare-support.js';

describe('declaring across a database outage', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'stores the declaration once the database is back when it was unreachable as the command came in, and answers with the link',
    { timeout: 60_000 },
    async () => {
      await withProxiedDatabase(async (app, proxy) => {
        app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
        proxy.cut();
        const reply = await app.slack.command('declare sev2 Search down', { userId: 'UALICE' });
        expect(reply.status).toBe(200);
        // Probe: the declare has met the outage (it says so, or has already answered).
        await eventually(
          () => app.logs.text.includes('storing a declaration interrupted') || app.fake.callsTo('response_url').some((c) => c.args.url === reply.responseUrl),
          15_000,
          'the declare to hit the outage',
        );
        proxy.restore();
        const answer = await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 30_000);
        const text = String(answer.args.text);
        expect(text).not.toMatch(/went wrong|try again/i);
        const channelId = /<#(C[A-Z0-9]+)>/.exec(text)?.[1];
        expect(channelId, text).toBeDefined();
        await declarationsSettled(app);
        const rows = await app.sitrep.ctx.db.selectFrom('incidents').selectAll().execute();
        expect(rows.map((r) => [r.title, r.channel_id])).toEqual([['Search down', channelId]]);
        expect(app.fake.callsTo('conversations.create').filter((c) => c.response?.ok)).toHaveLength(1);
      }, { env: { INCIDENTS_CHANNEL } });
    },
  );

  it.runIf(process.env.TEST_DATABASE_URL)(
    'answers with the one channel once the database is back, and a retried command declares nothing new',
    { timeout: 60_000 },
    async () => {
      await withProxiedDatabase(async (app, proxy) => {
        app.fake.addChannel({ id: INCIDENTS_CHANNEL, name: 'incidents' });
        // The incident is stored before the channel is asked for; the database goes while Slack makes it.
        const release = app.fake.holdNext('conversations.create');
        const reply = await app.slack.command('declare sev1 Payments down', { userId: 'UALICE' });
        expect(reply.status).toBe(200);
        await app.fake.waitFor('conversations.create', () => true, 10_000);
        proxy.cut();
        release();
        // Probe: the declare has met the outage (it says so, or has already answered).
        await eventually(
          () => app.logs.text.includes('declaring interrupted') || app.fake.callsTo('response_url').some((c) => c.args.url === reply.responseUrl),
          15_000,
          'the declare to hit the outage',
        );
        proxy.restore();

        const answer = await app.fake.waitFor('response_url', (a) => a.url === reply.responseUrl, 30_000);
        const text = String(answer.args.text);
        expect(text).not.toMatch(/went wrong|try again/i);
        const channelId = /<#(C[A-Z0-9]+)>/.exec(text)?.[1];
        expect(channelId, text).toBeDefined();
        await declarationsSettled(app);

        // Slack's retry of the same command, after the outage: the same incident and channel.
        const again = await app.slack.command('declare sev1 Payments down', { userId: 'UALICE', triggerId: reply.triggerId });
        const second = await app.fake.waitFor('response_url', (a) => a.url === again.responseUrl, 15_000);
        expect(String(second.args.text)).toContain(`<#${channelId}>`);

        const rows = await app.sitrep.ctx.db.selectFrom('incidents').selectAll().execute();
        expect(rows.map((r) => [r.title, r.channel_id, r.declare_step])).toEqual([['Payments down', channelId, 'announced']]);
        // The channel Slack made during the outage is the incident's; no second one.
        expect(app.fake.callsTo('conversations.create').filter((c) => c.response?.ok).map((c) => c.response.channel.id)).toEqual([channelId]);
        expect(app.fake.messages(channelId!).filter((m) => m.user === app.fake.botUserId)).toHaveLength(1);
        expect(app.fake.messages(INCIDENTS_CHANNEL).filter((m) => String(m.text).startsWith(`INC-${rows[0]!.number}:`))).toHaveLength(1);
        expect(app.fake.getChannel(channelId!)!.pins.size).toBe(1);
      }, { env: { INCIDENTS_CHANNEL } });
    },
  );
});
