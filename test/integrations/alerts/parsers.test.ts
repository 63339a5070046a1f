import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../../src/integrations/alerts/alertmanager.js';
import { isAuthorised } from '../../../src/integrations/alerts/auth.js';
import { parseGeneric } from '../../../src/integrations/alerts/generic.js';
import { parseGrafana } from '../../../src/integrations/alerts/grafana.js';
import { allResolved, notificationTitle } from '../../../src/integrations/alerts/notification.js';
import { AlertPayloadError } from '../../../src/integrations/alerts/parse-error.js';

function fixture(name: string): { headers: Record<string, string>; body: Buffer } {
  const file = JSON.parse(readFileSync(new URL(`../../fixtures/alerts/${name}`, import.meta.url), 'utf8')) as { headers?: Record<string, string>; body: unknown };
  return { headers: file.headers ?? {}, body: Buffer.from(JSON.stringify(file.body)) };
}

describe('Alertmanager webhook (real 0.25 payloads)', () => {
  it('reads the first notification of a group', () => {
    const n = parseAlertmanager(fixture('alertmanager-0.25.firing.json').body);
    expect(n).toMatchObject({ source: 'alertmanager', groupKey: '{}:{alertname="CheckoutErrors", service="checkout"}', status: 'firing' });
    expect(n.alerts).toEqual([
      {
        fingerprint: '4285c6bd2b42ee8d',
        status: 'firing',
        labels: { alertname: 'CheckoutErrors', instance: 'web-1', service: 'checkout', severity: 'critical' },
        annotations: { runbook_url: 'https://runbooks.example.com/checkout', summary: '5xx above 5% on checkout' },
        startsAt: new Date('2026-11-29T02:46:42.984Z'),
        endsAt: undefined,
        links: [{ name: 'runbook', url: 'https://runbooks.example.com/checkout' }],
      },
    ]);
    expect(notificationTitle(n)).toBe('CheckoutErrors: 5xx above 5% on checkout');
  });

  it('keeps the same group key when the group grows, and sees the group resolved', () => {
    const grew = parseAlertmanager(fixture('alertmanager-0.25.group-grew.json').body);
    const resolved = parseAlertmanager(fixture('alertmanager-0.25.resolved.json').body);
    expect(grew.alerts.map((a) => a.fingerprint).sort()).toEqual(['4285c6bd2b42ee8d', '7d9447b1c27fdaec']);
    expect(resolved.groupKey).toBe(grew.groupKey);
    expect(allResolved(grew)).toBe(false);
    expect(allResolved(resolved)).toBe(true);
    expect(resolved.alerts[0]!.endsAt).toEqual(new Date('2026-11-29T02:45:50Z'));
  });

  it('names what is wrong with a body that is not the format', () => {
    expect(() => parseAlertmanager(Buffer.from('not json'))).toThrow(new AlertPayloadError('the body is not JSON'));
    expect(() => parseAlertmanager(Buffer.from('{"version":"4","status":"firing","alerts":[]}'))).toThrow(/groupKey/);
    expect(() => parseAlertmanager(Buffer.from('{"version":"3"}'))).toThrow(/version: must be "4"/);
  });
});

describe('Grafana alerting webhook (the docs sample)', () => {
  it('reads every alert with its links, keyed by organisation and group', () => {
    const n = parseGrafana(fixture('grafana.firing.json').body);
    expect(n).toMatchObject({ source: 'grafana', groupKey: '1/{}:{}', status: 'firing', commonLabels: { team: 'blue' } });
    expect(n.alerts.map((a) => a.fingerprint)).toEqual(['c6eadffa33fcdf37', 'bc97ff14869b13e3']);
    expect(n.alerts[0]!.startsAt).toEqual(new Date('2021-10-12T07:51:03.157Z'));
    expect(n.alerts[0]!.links).toEqual([
      { name: 'source', url: 'https://play.grafana.org/alerting/1afz29v7z/edit' },
      { name: 'runbook', url: 'https://myrunbook.com/runbook/1234' },
    ]);
    expect(notificationTitle(n)).toBe('High memory usage: This alert was triggered for zone us-1');
  });
});

describe('generic body', () => {
  const at = new Date('2026-11-29T03:00:00Z');
  it('makes one alert keyed by the sender', () => {
    const body = { key: 'dd-123', status: 'firing', title: 'Checkout latency', severity: 'error', description: 'p99 over 2s', link: 'https://app.datadoghq.com/monitors/123', labels: { team: 'payments' } };
    const n = parseGeneric(Buffer.from(JSON.stringify(body)), at);
    expect(n).toMatchObject({ source: 'generic', groupKey: 'dd-123', status: 'firing' });
    expect(n.alerts).toEqual([
      {
        fingerprint: 'dd-123',
        status: 'firing',
        labels: { alertname: 'Checkout latency', team: 'payments', severity: 'error' },
        annotations: { description: 'p99 over 2s' },
        startsAt: at,
        endsAt: undefined,
        links: [{ name: 'source', url: 'https://app.datadoghq.com/monitors/123' }],
      },
    ]);
  });
  it("takes Datadog's transition words as the status", () => {
    expect(parseGeneric(Buffer.from('{"key":"k","status":"Recovered","title":"x"}'), at).status).toBe('resolved');
    expect(parseGeneric(Buffer.from('{"key":"k","status":"Triggered","title":"x"}'), at).status).toBe('firing');
  });
  it('refuses a body without a key or with an unknown status', () => {
    expect(() => parseGeneric(Buffer.from('{"status":"firing","title":"x"}'), at)).toThrow(/key/);
    expect(() => parseGeneric(Buffer.from('{"key":"k","status":"open","title":"x"}'), at)).toThrow(/status/);
  });
});

describe('authentication', () => {
  const settings = { token: 'example-token', hmacSecret: 'grafana-secret' };
  const now = new Date('2026-11-29T03:00:00Z');
  const body = Buffer.from('{"a":1}');
  const token = { acceptSignature: false, now };

  it('accepts the bearer token Alertmanager sent, and basic auth with the token as password', () => {
    expect(isAuthorised(fixture('alertmanager-0.25.firing.json').headers, body, settings, token)).toBe(true);
    const basic = `Basic ${Buffer.from('grafana:example-token').toString('base64')}`;
    expect(isAuthorised({ authorization: basic }, body, settings, token)).toBe(true);
  });

  it('refuses a missing or wrong token', () => {
    expect(isAuthorised({}, body, settings, token)).toBe(false);
    expect(isAuthorised({ authorization: 'Bearer nope' }, body, settings, token)).toBe(false);
    expect(isAuthorised({ authorization: `Basic ${Buffer.from('example-token:').toString('base64')}` }, body, settings, token)).toBe(false);
  });

  it("accepts Grafana's signature when fresh, and refuses it stale, altered or where not allowed", () => {
    const timestamp = String(Math.floor(now.getTime() / 1000) - 60);
    const sign = (ts: string, b: Buffer) => createHmac('sha256', 'grafana-secret').update(`${ts}:`).update(b).digest('hex');
    const headers = { 'x-grafana-alerting-timestamp': timestamp, 'x-grafana-alerting-signature': sign(timestamp, body) };
    const grafana = { acceptSignature: true, now };
    expect(isAuthorised(headers, body, settings, grafana)).toBe(true);
    expect(isAuthorised(headers, Buffer.from('{"a":2}'), settings, grafana)).toBe(false);
    expect(isAuthorised(headers, body, settings, { acceptSignature: true, now: new Date(now.getTime() + 5 * 60_000) })).toBe(false);
    expect(isAuthorised(headers, body, settings, token)).toBe(false);
    expect(isAuthorised(headers, body, { ...settings, hmacSecret: undefined }, grafana)).toBe(false);
  });
});
