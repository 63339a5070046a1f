import type { WebSession } from '../../db/web-session-store.js';
import type { HttpResponse } from '../../http/route.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import { INCIDENT_STATES } from '../../incidents/types.js';
import type { IncidentPage } from '../../usecases/read-incidents.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { roomsNote } from './rooms-note.js';

export interface ListFilters {
  state: string;
  severity: string;
  type: string;
  q: string;
}

function option(value: string, label: string, selected: string) {
  return html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
}

export function incidentListPage(session: WebSession, policy: IncidentPolicy, filters: ListFilters, result: IncidentPage, types: readonly string[]): HttpResponse {
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  const link = (p: number) => `/incidents?${new URLSearchParams({ ...filters, page: String(p) }).toString()}`;
  const rows = result.items.map(
    ({ incident, type }) => html`<tr>
<td><a href="/incidents/INC-${incident.number}">INC-${incident.number}</a></td>
<td>${incident.title}${incident.private ? html` <span class="private">private</span>` : ''}</td>
<td class="sev">${policy.label(incident.severity)}</td>
<td><span class="state">${incident.state}</span></td><td>${type ?? ''}</td>
<td><time datetime="${incident.declaredAt.toISOString()}">${incident.declaredAt.toISOString().slice(0, 16).replace('T', ' ')}</time></td></tr>`,
  );
  return page(
    200,
    'Incidents',
    session,
    html`<h1>Incidents</h1>
<form class="filters" method="get" action="/incidents">
<label>State <select name="state">${option('', 'any', filters.state)}${option('open', 'open', filters.state)}${INCIDENT_STATES.map((s) => option(s, s, filters.state))}</select></label>
<label>Severity <select name="severity">${option('', 'any', filters.severity)}${policy.severities.map((s) => option(s.id, s.label, filters.severity))}</select></label>
<label>Type <select name="type">${option('', 'any', filters.type)}${types.map((t) => option(t, t, filters.type))}</select></label>
<label>Words <input type="search" name="q" value="${filters.q}"></label>
<button type="submit">Filter</button></form>
${roomsNote(result.roomsKnown)}<p class="muted" id="count">${result.total} incident${result.total === 1 ? '' : 's'}</p>
<table id="incidents"><thead><tr><th>Key</th><th>Title</th><th>Severity</th><th>State</th><th>Type</th><th>Declared (UTC)</th></tr></thead><tbody>${rows}</tbody></table>
<div class="pager">${result.page > 1 ? html`<a rel="prev" href="${link(result.page - 1)}">← Newer</a>` : ''}<span>Page ${result.page} of ${pages}</span>${result.page < pages ? html`<a rel="next" href="${link(result.page + 1)}">Older →</a>` : ''}</div>`,
  );
}
