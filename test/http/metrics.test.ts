import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueNudges } from '../../src/usecases/send-due-nudges.js';
import { type TestApp } from '../support/app-harness.js';
import { declare, startResponderApp } from '../slack/responder-support.js';

/** One sample's value from Prometheus text, e.g. sample(text, 'sitrep_declarations_total{severity="sev2"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics in HTTP mode', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startResponderApp('pglite');
  });
  afterAll(async () => {
    await app?.stop();
  });

  const scrape = async () => {
    const response = await fetch(`${app.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('answers in Prometheus text with every metric registered, before anything happened', async () => {
    const text = await scrape();
    for (const name of [
      'sitrep_open_incidents',
      'sitrep_declarations_total',
      'sitrep_nudges_total',
      'sitrep_slack_api_calls_total',
      'sitrep_slack_api_call_duration_seconds',
      'sitrep_alert_notifications_total',
      'sitrep_side_effects_pending',
      'sitrep_side_effects_oldest_age_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'sitrep_open_incidents{severity="sev1",state="investigating"}')).toBe(0);
    expect(sample(text, 'sitrep_nudges_total{outcome="sent"}')).toBe(0);
    expect(sample(text, 'sitrep_side_effects_pending')).toBe(0);
  });

  it('counts a declaration, the open incident and the Slack calls it made, with no title or user in any label', async () => {
    const incident = await declare(app, 'declare sev2 Checkout failing for Acme', 'UALICE');
    const text = await scrape();

    expect(sample(text, 'sitrep_declarations_total{severity="sev2"}')).toBe(1);
    expect(sample(text, 'sitrep_open_incidents{severity="sev2",state="investigating"}')).toBe(1);
    const created = app.fake.callsTo('conversations.create').length;
    expect(sample(text, 'sitrep_slack_api_calls_total{method="conversations.create",outcome="ok"}')).toBe(created);
    expect(sample(text, 'sitrep_slack_api_calls_total{method="chat.postMessage",outcome="ok"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'sitrep_slack_api_call_duration_seconds_count{method="conversations.create"}')).toBe(created);
    expect(text).not.toMatch(/Checkout|Acme|UALICE/);
    expect(text).not.toContain(incident.channelId);
  });

  it('counts a failed Slack call under its Slack error code', async () => {
    // A card pinned already is no failure to Sitrep, but it is one Slack answered with an error.
    app.fake.failNext('pins.add', { error: 'already_pinned' });
    await declare(app, 'declare sev3 Search slow', 'UALICE');
    const text = await scrape();
    expect(sample(text, 'sitrep_slack_api_calls_total{method="pins.add",outcome="already_pinned"}')).toBe(1);
  });

  it('counts the nudges a sweep sent', async () => {
    const incident = await declare(app, 'declare sev1 Queue backlog', 'UALICE');
    const declaredAt = (await app.sitrep.ctx.db.selectFrom('incidents').select('declared_at').where('number', '=', incident.number).executeTakeFirstOrThrow()).declared_at;
    const realNow = app.sitrep.ctx.now;
    app.sitrep.ctx.now = () => new Date(declaredAt.getTime() + app.sitrep.ctx.policy.updateEveryMs('sev1'));
    try {
      expect(await sendDueNudges(app.sitrep.ctx, 'metrics-test')).toMatchObject({ sent: 1 });
    } finally {
      app.sitrep.ctx.now = realNow;
    }
    expect(sample(await scrape(), 'sitrep_nudges_total{outcome="sent"}')).toBe(1);
  });

  it('answers 405 to another method on a route, naming the allowed one, and leaves Slack’s endpoint to Slack', async () => {
    const post = await fetch(`${app.baseUrl}/metrics`, { method: 'POST', body: '' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await fetch(`${app.baseUrl}/nowhere`)).status).toBe(404);
  });
});
