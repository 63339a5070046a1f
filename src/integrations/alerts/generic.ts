import { z } from 'zod';
import type { AlertNotification } from './notification.js';
import { parseJsonBody, parseWith } from './parse-error.js';

/** The body any tool can send (Datadog's webhook, a script): one alert, keyed by the sender. */
// Datadog's $ALERT_TRANSITION words, so its webhook can send its own variable as the status.
const STATUS_WORDS: Record<string, string> = { triggered: 'firing', 're-triggered': 'firing', warn: 'firing', recovered: 'resolved', ok: 'resolved' };

export const genericAlertSchema = z.object({
  key: z.string().min(1).max(500),
  status: z.preprocess(
    (v) => (typeof v === 'string' ? (STATUS_WORDS[v.toLowerCase()] ?? v.toLowerCase()) : v),
    z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }),
  ),
  title: z.string().min(1).max(500),
  severity: z.string().min(1).optional(),
  description: z.string().optional(),
  link: z.string().regex(/^https?:\/\//, 'must be an http(s) URL').optional().or(z.literal('')),
  labels: z.record(z.string(), z.string()).default({}),
});

/** A generic body → the notification, its one alert fingerprinted by the key; AlertPayloadError otherwise. */
export function parseGeneric(body: Buffer, receivedAt: Date): AlertNotification {
  const payload = parseWith(genericAlertSchema, parseJsonBody(body), 'the generic alert body');
  const labels: Record<string, string> = { alertname: payload.title, ...payload.labels };
  if (payload.severity) labels.severity = payload.severity;
  const annotations: Record<string, string> = {};
  if (payload.description) annotations.description = payload.description;
  return {
    source: 'generic',
    groupKey: payload.key,
    status: payload.status,
    commonLabels: labels,
    commonAnnotations: annotations,
    alerts: [
      {
        fingerprint: payload.key,
        status: payload.status,
        labels,
        annotations,
        startsAt: receivedAt,
        endsAt: payload.status === 'resolved' ? receivedAt : undefined,
        links: payload.link ? [{ name: 'source', url: payload.link }] : [],
      },
    ],
  };
}
