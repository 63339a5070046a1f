import { z } from 'zod';
import type { AlertLink, AlertNotification, NormalisedAlert } from './notification.js';
import { parseJsonBody, parseWith } from './parse-error.js';

/** Alertmanager's zero time stands for "not ended". */
const time = z.iso.datetime({ offset: true });
const stringMap = z.record(z.string(), z.string()).default({});

export const prometheusAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap,
  startsAt: time,
  endsAt: time.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
});

/** The webhook body, version 4 (Alertmanager); Grafana's adds fields around the same shape. */
export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook version 4)' }),
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: stringMap,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  externalURL: z.string().optional(),
  alerts: z.array(prometheusAlertSchema).min(1),
});

type PrometheusAlert = z.output<typeof prometheusAlertSchema>;

export function endTime(text: string | undefined): Date | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  return new Date(text);
}

/** Links worth a click, in order: the graph, the runbook, the dashboard; empty ones left out. */
export function alertLinks(alert: PrometheusAlert, extra: Record<string, string | undefined> = {}): AlertLink[] {
  const candidates: [string, string | undefined][] = [
    ['source', alert.generatorURL],
    ['runbook', alert.annotations.runbook_url],
    ['dashboard', extra.dashboardURL ?? alert.annotations.dashboardURL ?? alert.annotations.dashboard_url],
    ['panel', extra.panelURL],
  ];
  return candidates.filter((pair): pair is [string, string] => Boolean(pair[1] && /^https?:\/\//.test(pair[1]))).map(([name, url]) => ({ name, url }));
}

export function normaliseAlert(alert: PrometheusAlert, extra: Record<string, string | undefined> = {}): NormalisedAlert {
  return {
    fingerprint: alert.fingerprint,
    status: alert.status,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: new Date(alert.startsAt),
    endsAt: alert.status === 'resolved' ? endTime(alert.endsAt) : undefined,
    links: alertLinks(alert, extra),
  };
}

/** An Alertmanager webhook (version 4) body → the notification; AlertPayloadError otherwise. */
export function parseAlertmanager(body: Buffer): AlertNotification {
  const payload = parseWith(alertmanagerWebhookSchema, parseJsonBody(body), 'an Alertmanager webhook (version 4)');
  return {
    source: 'alertmanager',
    groupKey: payload.groupKey,
    status: payload.status,
    commonLabels: payload.commonLabels,
    commonAnnotations: payload.commonAnnotations,
    alerts: payload.alerts.map((alert) => normaliseAlert(alert)),
  };
}
