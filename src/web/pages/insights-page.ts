import type { WebSession } from '../../db/web-session-store.js';
import type { HttpResponse } from '../../http/route.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Insights } from '../../usecases/incident-insights.js';
import { durationAxisMax, durationTick, lines, shortDuration, stackedBars } from '../charts.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { roomsNote } from './rooms-note.js';

export interface InsightFilters {
  months: number;
  severity: string;
  type: string;
}

export function insightsPage(session: WebSession, policy: IncidentPolicy, filters: InsightFilters, insights: Insights, types: readonly string[]): HttpResponse {
  const severityIds = Object.keys(insights.perWeek.bySeverity);
  const perWeek = stackedBars(
    'Incidents per week by severity',
    insights.perWeek.weeks,
    severityIds.map((id) => ({ label: policy.label(id), values: insights.perWeek.bySeverity[id]! })),
  );
  const months = insights.perMonth.map((m) => m.month);
  const timeChart = (title: string, pick: (m: Insights['perMonth'][number]) => { medianMs: number | null; p90Ms: number | null }) =>
    lines(title, months, [
      { label: 'median', values: insights.perMonth.map((m) => pick(m).medianMs) },
      { label: 'p90', values: insights.perMonth.map((m) => pick(m).p90Ms) },
    ], shortDuration, { axisMax: durationAxisMax, tick: durationTick });
  const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  const body = html`<h1>Insights</h1>
<form class="filters" method="get" action="/insights">
<label>Months <select name="months">${[3, 6, 12, 24].map((m) => option(String(m), String(m), String(filters.months)))}</select></label>
<label>Severity <select name="severity">${option('', 'any', filters.severity)}${policy.severities.map((s) => option(s.id, s.label, filters.severity))}</select></label>
<label>Type <select name="type">${option('', 'any', filters.type)}${types.map((t) => option(t, t, filters.type))}</select></label>
<button type="submit">Show</button></form>
${roomsNote(insights.roomsKnown)}<p class="muted" id="total">${insights.total} incident${insights.total === 1 ? '' : 's'} declared since ${insights.since.toISOString().slice(0, 10)}</p>
<section id="per-week"><h2>Incidents per week by severity</h2>${perWeek}</section>
<section id="acknowledge"><h2>Time to acknowledge (declared → first status update)</h2>${timeChart('Time to acknowledge per month', (m) => m.acknowledge)}</section>
<section id="mitigate"><h2>Time to mitigate (declared → mitigated, else monitoring)</h2>${timeChart('Time to mitigate per month', (m) => m.mitigate)}</section>
<section id="resolve"><h2>Time to resolve (declared → resolved)</h2>${timeChart('Time to resolve per month', (m) => m.resolve)}</section>`;
  return page(200, 'Insights', session, body);
}
