import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OpenIncidentCount } from './db/open-incident-counts.js';
import { OPEN_STATES } from './incidents/types.js';
import type { Logger } from './logger.js';
import type { PagingMetrics } from './paging/paging-runtime.js';
import type { UseCaseMetrics } from './usecases/metrics.js';

export interface PendingSideEffects {
  count: number;
  oldestAgeSeconds: number;
}

export interface MetricSources {
  openIncidents(): Promise<OpenIncidentCount[]>;
  /** The process's severities, so every severity has a series (0 included). */
  severityIds: readonly string[];
  /** The side-effect queue's backlog; absent until that queue exists, and then 0. */
  pendingSideEffects?(): Promise<PendingSideEffects>;
  logger: Logger;
}

export interface Metrics extends UseCaseMetrics, PagingMetrics {
  /** One Slack Web API call: its method, `ok` or what went wrong, and how long it took. */
  slackCall(method: string, outcome: string, seconds: number): void;
  /** One alert notification received from a monitoring source: accepted, duplicate, rejected… */
  alertNotification(source: string, outcome: string): void;
}

/**
 * Sitrep's metrics, registered on `registry`. Labels name methods, severities, states and outcomes,
 * never a title or a person. Database-backed gauges are read at each scrape, not kept up to date.
 */
export function createMetrics(registry: Registry, sources: MetricSources): Metrics {
  const registers = [registry];
  new Gauge({
    name: 'sitrep_open_incidents',
    help: 'Open incidents by severity and state (abandoned declarations left out).',
    labelNames: ['severity', 'state'],
    registers,
    async collect() {
      this.reset();
      let counts: OpenIncidentCount[];
      try {
        counts = await sources.openIncidents();
      } catch (error) {
        // Without the database the series are left out for this scrape; /healthz says why.
        sources.logger.warn({ err: error }, 'metrics: could not count open incidents');
        return;
      }
      // Every pair is reported, 0 included, so a series does not vanish when its last incident resolves.
      for (const severity of sources.severityIds) for (const state of OPEN_STATES) this.set({ severity, state }, 0);
      for (const { severity, state, count } of counts) this.set({ severity, state }, count);
    },
  });
  const declarations = new Counter({
    name: 'sitrep_declarations_total',
    help: 'Incidents declared, by severity at declaration.',
    labelNames: ['severity'],
    registers,
  });
  const nudges = new Counter({
    name: 'sitrep_nudges_total',
    help: 'Stale-update nudges: sent, failed (retried at the next sweep) or gave_up.',
    labelNames: ['outcome'],
    registers,
  });
  for (const outcome of ['sent', 'failed', 'gave_up']) nudges.inc({ outcome }, 0);
  const slackCalls = new Counter({
    name: 'sitrep_slack_api_calls_total',
    help: 'Slack Web API calls by method and outcome: ok, the Slack error code, rate_limited, http_error or request_error.',
    labelNames: ['method', 'outcome'],
    registers,
  });
  const slackCallSeconds = new Histogram({
    name: 'sitrep_slack_api_call_duration_seconds',
    help: 'Slack Web API call latency by method, retries included.',
    labelNames: ['method'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const alerts = new Counter({
    name: 'sitrep_alert_notifications_total',
    help: 'Alert notifications received, by source and outcome.',
    labelNames: ['source', 'outcome'],
    registers,
  });
  const pages = new Counter({
    name: 'sitrep_pages_total',
    help: 'Tries to send (trigger) or resolve a page, by provider, action and outcome: sent, failed (retried) or gave_up.',
    labelNames: ['provider', 'action', 'outcome'],
    registers,
  });
  const providers = ['pagerduty', 'opsgenie'] as const;
  for (const provider of providers) for (const action of ['trigger', 'resolve']) for (const outcome of ['sent', 'failed', 'gave_up']) pages.inc({ provider, action, outcome }, 0);
  const acknowledgements = new Counter({
    name: 'sitrep_page_acknowledgements_total',
    help: 'Pages acknowledged at their provider (from its webhook), by provider.',
    labelNames: ['provider'],
    registers,
  });
  for (const provider of providers) acknowledgements.inc({ provider }, 0);
  new Gauge({
    name: 'sitrep_side_effects_pending',
    help: 'Side effects (Slack posts and the like) waiting to be carried out.',
    registers,
    async collect() {
      this.set((await pendingOrNone(sources)).count);
    },
  });
  new Gauge({
    name: 'sitrep_side_effects_oldest_age_seconds',
    help: 'Age of the oldest side effect still waiting, 0 when none is.',
    registers,
    async collect() {
      this.set((await pendingOrNone(sources)).oldestAgeSeconds);
    },
  });

  return {
    incidentDeclared: (severity) => declarations.inc({ severity }),
    nudgesSwept({ sent, failed, gaveUp }) {
      nudges.inc({ outcome: 'sent' }, sent);
      nudges.inc({ outcome: 'failed' }, failed);
      nudges.inc({ outcome: 'gave_up' }, gaveUp);
    },
    slackCall(method, outcome, seconds) {
      slackCalls.inc({ method, outcome });
      slackCallSeconds.observe({ method }, seconds);
    },
    alertNotification: (source, outcome) => alerts.inc({ source, outcome }),
    pageTried: (provider, action, outcome) => pages.inc({ provider, action, outcome }),
    pageAcknowledged: (provider) => acknowledgements.inc({ provider }),
  };
}

async function pendingOrNone(sources: MetricSources): Promise<PendingSideEffects> {
  return (await sources.pendingSideEffects?.()) ?? { count: 0, oldestAgeSeconds: 0 };
}
