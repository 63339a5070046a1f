import type { AlertAuthSettings } from '../integrations/alerts/auth.js';
import { isAuthorised } from '../integrations/alerts/auth.js';
import { parseAlertmanager } from '../integrations/alerts/alertmanager.js';
import { parseGeneric } from '../integrations/alerts/generic.js';
import { parseGrafana } from '../integrations/alerts/grafana.js';
import type { AlertNotification, AlertSource } from '../integrations/alerts/notification.js';
import { AlertPayloadError } from '../integrations/alerts/parse-error.js';
import type { Logger } from '../logger.js';
import { incidentKey } from '../incidents/types.js';
import type { AlertIngestResult } from '../usecases/ingest-alert-notification.js';
import type { HttpResponse, Route } from './route.js';

/** Alert bodies over this are refused 413: a real group is far smaller, even with truncated alerts. */
export const ALERT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface AlertRouteDependencies {
  settings: { token: string | undefined; hmacSecret: string | undefined };
  now: () => Date;
  logger: Logger;
  ingest: (notification: AlertNotification) => Promise<AlertIngestResult>;
  observe?: (source: AlertSource, outcome: string) => void;
}

const PARSERS: Record<AlertSource, (body: Buffer, receivedAt: Date) => AlertNotification> = {
  alertmanager: (body) => parseAlertmanager(body),
  grafana: (body) => parseGrafana(body),
  generic: parseGeneric,
};

function json(status: number, body: Record<string, unknown>): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** POST /hooks/alertmanager, /hooks/grafana and /hooks/generic: 404 until ALERT_WEBHOOK_TOKEN is set. */
export function alertRoutes(deps: AlertRouteDependencies): Route[] {
  return (Object.keys(PARSERS) as AlertSource[]).map((source) => ({
    path: `/hooks/${source}`,
    methods: ['POST'] as const,
    async handle(request) {
      const token = deps.settings.token;
      if (token === undefined) return { status: 404 };
      const settings: AlertAuthSettings = { token, hmacSecret: deps.settings.hmacSecret };
      const observe = (outcome: string) => deps.observe?.(source, outcome);
      // The body comes first: Grafana's signature covers it. Over the limit throws: 413.
      let body: Buffer;
      try {
        body = await request.body(ALERT_BODY_LIMIT_BYTES);
      } catch (error) {
        observe('too_large');
        throw error;
      }
      const now = deps.now();
      if (!isAuthorised(request.headers, body, settings, { acceptSignature: source === 'grafana', now })) {
        observe('unauthorized');
        return json(401, { ok: false, error: 'missing or wrong credentials' });
      }
      let notification: AlertNotification;
      try {
        notification = PARSERS[source](body, now);
      } catch (error) {
        if (!(error instanceof AlertPayloadError)) throw error;
        observe('invalid');
        return json(400, { ok: false, error: error.message });
      }
      let result: AlertIngestResult;
      try {
        result = await deps.ingest(notification);
      } catch (error) {
        deps.logger.error({ err: error, source }, 'alert notification not stored');
        observe('failed');
        // 503: the sender retries, which is what a notification we could not store needs.
        return json(503, { ok: false, error: 'Sitrep could not store the notification; retry' });
      }
      observe(result.outcome === 'ignored' ? 'ignored' : result.created ? 'created' : 'updated');
      if (result.outcome === 'ignored') return json(200, { ok: true, ignored: true });
      return json(200, { ok: true, incident: incidentKey(result.incidentNumber), status: result.state });
    },
  }));
}
