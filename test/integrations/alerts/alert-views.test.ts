// An accepted alert group's incident, seen where responders look: the card, `/incident info`,
// `sitrep timeline` and the retrospective. Accepting is another test's subject; here the group's
// incident is one declared by hand and tied to the group, as Accept leaves it (source, key, channel).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timelineReport } from '../../../src/cli/timeline-report.js';
import { eventually, type TestApp } from '../../support/app-harness.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { todaysPolicy } from '../../support/policy.js';
import { answerTo, card, commandIn, declare, incidentRow, startResponderApp, timelineWith } from '../../slack/responder-support.js';

const TOKEN = 'example-token';

type Payload = { groupKey: string; alerts: { startsAt: string; endsAt: string; status: string }[] } & Record<string, unknown>;

function fixture(name: string): Payload {
  return (JSON.parse(readFileSync(new URL(`../../fixtures/alerts/${name}`, import.meta.url), 'utf8')) as { body: Payload }).body;
}

async function notify(app: TestApp, payload: Payload): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.baseUrl}/hooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(payload),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe.each(DATABASE_KINDS)('the source alerts of an incident on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startResponderApp(kind, { ALERT_WEBHOOK_TOKEN: TOKEN, TIMEZONE: 'UTC' });
  });
  afterAll(async () => app?.stop());

  it('shows on the card, in /incident info, on the timeline and in the retrospective; detected is the earliest alert', async () => {
    const incident = await declare(app, 'declare sev2 Checkout failing');
    const key = `INC-${incident.number}`;
    const firing = fixture('alertmanager-0.25.firing.json');
    await app.sitrep.ctx.db.updateTable('incidents').set({ source: 'alertmanager', alert_key: firing.groupKey }).where('number', '=', incident.number).execute();

    expect(await notify(app, firing)).toEqual({ ok: true, incident: key, status: 'investigating' });
    const cardAlerts = (text: string) =>
      eventually(() => {
        const shown = JSON.stringify(card(app, incident).blocks);
        return shown.includes(text) ? shown : undefined;
      }, 15_000, `the card to show ${text}`);
    await cardAlerts('*Alerts* :rotating_light: 1 firing · 0 resolved — <https://runbooks.example.com/checkout|CheckoutErrors web-1>');

    // The whole group re-sent, grown by one alert: the card counts it; the re-sent one is no new event.
    await notify(app, fixture('alertmanager-0.25.group-grew.json'));
    await cardAlerts('*Alerts* :rotating_light: 2 firing · 0 resolved — <https://runbooks.example.com/checkout|CheckoutErrors web-1>, <https://runbooks.example.com/checkout|CheckoutErrors web-2>');
    const alertEntries = async () => (await timelineWith(app, incident.number, 'alert_fired', 2)).filter((e) => e.kind.startsWith('alert_')).length;
    expect(await alertEntries()).toBe(2);
    // Re-sent unchanged (Alertmanager's repeat): stored when answered, and nothing new on the timeline.
    await notify(app, fixture('alertmanager-0.25.group-grew.json'));
    expect(await alertEntries()).toBe(2);

    // Detected defaults to the earliest alert's start (the incident was declared hours later).
    expect((await incidentRow(app, incident.number)).detected_at).toEqual(new Date('2026-11-29T02:46:42.984Z'));
    const info = await answerTo(app, 'info', { userId: 'UALICE', channelId: incident.channelId });
    const shown: string = info.blocks![0].text.text;
    expect(shown).toMatch(/\n\*Detected\* 2026-11-29 02:46 UTC \([^)]* ago\) \(earliest alert\)\n/);
    expect(shown).toContain('\n*Alerts* :rotating_light: 2 firing · 0 resolved — <https://runbooks.example.com/checkout|CheckoutErrors web-1>, <https://runbooks.example.com/checkout|CheckoutErrors web-2>');

    // Both resolve; then web-1 fires again, later.
    await notify(app, fixture('alertmanager-0.25.resolved.json'));
    await cardAlerts('*Alerts* :rotating_light: 0 firing · 2 resolved');
    const again = new Date().toISOString();
    const refired = fixture('alertmanager-0.25.firing.json');
    refired.alerts[0]!.startsAt = again;
    await notify(app, refired);
    await cardAlerts('*Alerts* :rotating_light: 1 firing · 1 resolved');
    await timelineWith(app, incident.number, 'alert_refired');

    const report = await timelineReport(app.sitrep.ctx.db, { command: 'timeline', positionals: [key], json: false, version: undefined, timezone: 'UTC', policy: todaysPolicy });
    const alertLines = report.split('\n').filter((line) => line.includes('[alert'));
    expect(alertLines).toEqual([
      '2026-11-29 02:46 UTC  Sitrep  [alert fired] CheckoutErrors web-1: 5xx above 5% on checkout',
      '2026-11-29 02:46 UTC  Sitrep  [alert resolved] CheckoutErrors web-1: 5xx above 5% on checkout',
      '2026-11-29 02:46 UTC  Sitrep  [alert fired] CheckoutErrors web-2: 5xx above 5% on checkout',
      '2026-11-29 02:46 UTC  Sitrep  [alert resolved] CheckoutErrors web-2: 5xx above 5% on checkout',
      // An accepted incident's own entry, when Sitrep heard it (the channel is told with Mark monitoring).
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC  Sitrep  \[alert\] All alerts resolved \(alertmanager\)$/),
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC  Sitrep  \[alert refired\] CheckoutErrors web-1: 5xx above 5% on checkout$/),
    ]);
    // Interleaved by time with what people and Sitrep did: the alerts came before the declaration.
    const lines = report.split('\n');
    expect(lines.findIndex((l) => l.includes('[declared]'))).toBeGreaterThan(lines.indexOf(alertLines[3]!));
    expect(lines.findIndex((l) => l.includes('[declared]'))).toBeLessThan(lines.indexOf(alertLines[4]!));

    await commandIn(app, incident, 'resolve', 'UALICE');
    await timelineWith(app, incident.number, 'resolved');
    await commandIn(app, incident, 'close', 'UALICE');
    const file = await eventually(() => app.fake.uploadedFiles.find((f) => f.filename === `${key}-retrospective-v1.md`), 15_000, 'the retrospective upload');
    expect(file.content).toContain('\n## Source alerts\n\n2 alerts: 1 still firing when this was written, 1 resolved.\n');
    expect(file.content).toContain('| [CheckoutErrors web-1](https://runbooks.example.com/checkout) | firing |');
    expect(file.content).toContain("| Detected | 2026-11-29 02:45 | not recorded: the earliest alert's start |");
  }, 60_000);

  it('keeps a detected time a person recorded, even when an earlier alert arrives', async () => {
    const incident = await declare(app, 'declare sev3 Checkout slow');
    const payload = { ...fixture('alertmanager-0.25.firing.json'), groupKey: '{}:{alertname="CheckoutSlow"}' };
    await app.sitrep.ctx.db.updateTable('incidents').set({ source: 'alertmanager', alert_key: payload.groupKey }).where('number', '=', incident.number).execute();
    const recorded = await answerTo(app, 'milestone detected 5m ago', { userId: 'UALICE', channelId: incident.channelId });
    expect(recorded.text).toMatch(/detected at/);
    const detected = (await incidentRow(app, incident.number)).detected_at;
    expect(detected).not.toBeNull();

    expect(await notify(app, payload)).toMatchObject({ incident: `INC-${incident.number}` });
    expect((await incidentRow(app, incident.number)).detected_at).toEqual(detected);
    const info = await answerTo(app, 'info', { userId: 'UALICE', channelId: incident.channelId });
    expect(info.blocks![0].text.text).toMatch(/\n\*Detected\* [^\n]* ago\)\n\*Alerts\* :rotating_light: 1 firing · 0 resolved/);
  });

  it('a group re-sent many times uses up one incident number: the next group gets the next one', async () => {
    const group = (key: string) => ({ ...fixture('alertmanager-0.25.firing.json'), groupKey: key });
    const first = await notify(app, group('{}:{alertname="Numbered"}'));
    for (let i = 0; i < 5; i++) expect(await notify(app, group('{}:{alertname="Numbered"}'))).toEqual(first);
    const next = await notify(app, group('{}:{alertname="NumberedToo"}'));
    expect(Number(String(next.incident).replace('INC-', ''))).toBe(Number(String(first.incident).replace('INC-', '')) + 1);
  });

  it("a flapping alert refreshes the card once per edit window, not once per change", async () => {
    const incident = await declare(app, 'declare sev3 Flapping');
    // Change i happens at base + i s: a firing alert starts then, a resolved one ends then.
    const base = Date.now() - 60_000;
    const second = (i: number) => new Date(base + i * 1000).toISOString();
    const flapping = (status: 'firing' | 'resolved', i: number) => {
      const payload = { ...fixture('alertmanager-0.25.firing.json'), groupKey: '{}:{alertname="Flapping"}', status };
      const times = status === 'firing' ? { startsAt: second(i), endsAt: '0001-01-01T00:00:00Z' } : { startsAt: second(i - 1), endsAt: second(i) };
      payload.alerts = [{ ...payload.alerts[0]!, status, ...times }];
      return payload;
    };
    await app.sitrep.ctx.db.updateTable('incidents').set({ source: 'alertmanager', alert_key: '{}:{alertname="Flapping"}' }).where('number', '=', incident.number).execute();
    const cardEdits = () => app.fake.callsTo('chat.update').filter((c) => c.args.channel === incident.channelId && c.args.ts === incident.cardTs).length;
    const before = cardEdits();

    const changes = ['resolved', 'firing', 'resolved', 'firing', 'resolved', 'firing', 'resolved'] as const;
    for (const [i, status] of changes.entries()) await notify(app, flapping(status, i));
    const entries = await timelineWith(app, incident.number, 'alert_resolved', 4);
    expect(entries.filter((e) => e.kind.startsWith('alert_')).map((e) => e.kind)).toEqual(['alert_fired', 'alert_resolved', 'alert_refired', 'alert_resolved', 'alert_refired', 'alert_resolved', 'alert_refired', 'alert_resolved']);

    // Caught up: the card shows the last state and no refresh is waiting.
    await eventually(() => JSON.stringify(card(app, incident).blocks).includes('*Alerts* :rotating_light: 0 firing · 1 resolved'), 15_000, 'the card to show the last state');
    await eventually(async () => {
      const waiting = await app.sitrep.ctx.db.selectFrom('effects').select('id').where('incident_number', '=', incident.number).where('state', '=', 'pending').execute();
      return waiting.length === 0;
    }, 15_000, 'no effect waiting');
    // Seven changes within a few seconds: one refresh per 5 s window they spanned.
    expect(cardEdits() - before).toBeLessThanOrEqual(3);
  });
});
