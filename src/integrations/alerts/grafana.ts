import { z } from 'zod';
import { normaliseAlert, prometheusAlertSchema } from './alertmanager.js';
import type { AlertNotification } from './notification.js';
import { parseJsonBody, parseWith } from './parse-error.js';

const stringMap = z.record(z.string(), z.string()).default({});

const grafanaAlertSchema = prometheusAlertSchema.extend({
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  silenceURL: z.string().optional(),
});

/** Grafana alerting's webhook contact point: Alertmanager's shape plus orgId, title, message and URLs. */
export const grafanaWebhookSchema = z.object({
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  orgId: z.number().int().optional(),
  groupLabels: stringMap,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  alerts: z.array(grafanaAlertSchema).min(1),
  title: z.string().optional(),
  message: z.string().optional(),
});

/** A Grafana alerting webhook body → the notification; AlertPayloadError otherwise. */
export function parseGrafana(body: Buffer): AlertNotification {
  const payload = parseWith(grafanaWebhookSchema, parseJsonBody(body), 'a Grafana alerting webhook');
  return {
    source: 'grafana',
    // Grafana's group keys repeat across organisations: the org keeps them apart.
    groupKey: payload.orgId === undefined ? payload.groupKey : `${payload.orgId}/${payload.groupKey}`,
    status: payload.status,
    commonLabels: payload.commonLabels,
    commonAnnotations: payload.commonAnnotations,
    alerts: payload.alerts.map((alert) => normaliseAlert(alert, { dashboardURL: alert.dashboardURL, panelURL: alert.panelURL })),
  };
}
