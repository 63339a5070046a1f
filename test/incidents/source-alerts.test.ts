import { describe, expect, it } from 'vitest';
import { alertEvents, markAllResolved, type ReportedAlert } from '../../src/incidents/alert-events.js';
import { digestSourceAlerts, type SourceAlert } from '../../src/incidents/source-alerts.js';

const at = (hhmm: string) => new Date(`2026-11-29T${hhmm}:00Z`);

function sourceAlert(name: string, status: SourceAlert['status'], startsAt: string, more: Partial<SourceAlert> = {}): SourceAlert {
  return { name, instance: null, status, startsAt: at(startsAt), endsAt: null, link: null, ...more };
}

function reported(fingerprint: string, status: ReportedAlert['status'], startsAt: string, endsAt?: string, instance = 'web-1'): ReportedAlert {
  return {
    fingerprint,
    status,
    labels: { alertname: 'CheckoutErrors', instance },
    annotations: { summary: '5xx above 5% on <checkout> & cart' },
    startsAt: at(startsAt),
    endsAt: endsAt ? at(endsAt) : undefined,
  };
}

describe('source alerts digest', () => {
  it('counts firing and resolved, names firing ones first by start, and knows the earliest start', () => {
    const digest = digestSourceAlerts([
      sourceAlert('DiskFull', 'resolved', '14:00'),
      sourceAlert('Latency', 'firing', '14:05'),
      sourceAlert('Errors', 'firing', '14:02'),
      sourceAlert('Saturation', 'firing', '14:09'),
    ]);
    expect(digest).toMatchObject({ firing: 3, resolved: 1, earliestStart: at('14:00') });
    expect(digest!.first.map((a) => a.name)).toEqual(['Errors', 'Latency', 'Saturation']);
  });

  it('is nothing for an incident without alerts', () => {
    expect(digestSourceAlerts([])).toBeUndefined();
  });
});

describe('alert events', () => {
  it('records a new alert firing at its start, and nothing for the same alert re-sent', () => {
    const events = alertEvents(new Map(), [reported('a', 'firing', '14:00')], at('14:01'));
    expect(events).toEqual([{ kind: 'alert_fired', fingerprint: 'a', occurredAt: at('14:00'), text: 'CheckoutErrors web-1: 5xx above 5% on &lt;checkout&gt; &amp; cart' }]);
    expect(alertEvents(new Map([['a', { status: 'firing', startsAt: at('14:00') }]]), [reported('a', 'firing', '14:00')], at('14:02'))).toEqual([]);
  });

  it('records a resolution at its end, a refiring at its new start, both for an alert first seen resolved, in time order', () => {
    const before = new Map([
      ['a', { status: 'firing' as const, startsAt: at('14:00') }],
      ['b', { status: 'resolved' as const, startsAt: at('14:01') }],
    ]);
    const events = alertEvents(before, [reported('a', 'resolved', '14:00', '14:20'), reported('b', 'firing', '14:15', undefined, 'web-2'), reported('c', 'resolved', '14:05', '14:10', 'web-3')], at('14:30'));
    expect(events.map((e) => [e.kind, e.fingerprint, e.occurredAt])).toEqual([
      ['alert_fired', 'c', at('14:05')],
      ['alert_resolved', 'c', at('14:10')],
      ['alert_refired', 'b', at('14:15')],
      ['alert_resolved', 'a', at('14:20')],
    ]);
  });

  it('never places a resolution before the start it ends; without an end, at the time it was heard of', () => {
    const before = new Map([['a', { status: 'firing' as const, startsAt: at('14:10') }]]);
    expect(alertEvents(before, [reported('a', 'resolved', '14:05', '14:06')], at('14:30'))[0]!.occurredAt).toEqual(at('14:10'));
    expect(alertEvents(before, [reported('a', 'resolved', '14:10')], at('14:30'))[0]!.occurredAt).toEqual(at('14:30'));
  });

  it('marks the last resolution when nothing fires any more', () => {
    const events = alertEvents(new Map([['a', { status: 'firing' as const, startsAt: at('14:00') }], ['b', { status: 'firing' as const, startsAt: at('14:00') }]]), [
      reported('a', 'resolved', '14:00', '14:20'),
      reported('b', 'resolved', '14:00', '14:25', 'web-2'),
    ], at('14:30'));
    const marked = markAllResolved(events, true);
    expect(marked.map((e) => e.allResolved ?? false)).toEqual([false, true]);
    expect(marked[1]!.text).toBe('CheckoutErrors web-2: 5xx above 5% on &lt;checkout&gt; &amp; cart — all alerts resolved');
    expect(markAllResolved(events, false)).toEqual(events);
  });
});
