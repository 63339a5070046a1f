import type { WebSession } from '../../db/web-session-store.js';
import type { RecordedTimelineEntry } from '../../db/timeline-store.js';
import type { HttpResponse } from '../../http/route.js';
import { followupKey } from '../../incidents/followup.js';
import type { Incident } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { IncidentStory, TimelinePage } from '../../usecases/read-incidents.js';
import { html, type SafeHtml, slackTextToPlain } from '../html.js';
import { page } from '../layout.js';

const when = (date: Date) => html`<time datetime="${date.toISOString()}">${date.toISOString().slice(0, 16).replace('T', ' ')}</time>`;
const roleTitle = (policy: IncidentPolicy, role: string) => policy.roles.find((r) => r.id === role)?.title ?? role;

type Names = ReadonlyMap<string, string>;
/** A person by name (their user id when the workspace could not name them); no one is Sitrep itself. */
const personIn = (names: Names) => (id: string | null) => (id ? (names.get(id) ?? id) : 'Sitrep');

function entryLine(names: Names, entry: RecordedTimelineEntry): SafeHtml {
  const person = personIn(names);
  return html`<li class="${entry.keyEvent ? 'key' : ''}" data-kind="${entry.kind}">${when(entry.occurredAt)} <strong>${person(entry.authorId)}</strong>${entry.kind === 'message' ? '' : html` <span class="muted">${entry.kind.replace(/_/g, ' ')}</span>`}${entry.keyEvent ? html` <span title="key event">📌</span>` : ''}
<div class="text">${slackTextToPlain(entry.text, (id) => names.get(id))}</div>${entry.files.length > 0 ? html`<div class="muted">files: ${entry.files.map((f) => f.name).join(', ')}</div>` : ''}</li>`;
}

function milestones(incident: Incident): SafeHtml {
  const rows: [string, Date | null][] = [
    ['Impact started', incident.impactStartedAt],
    ['Detected', incident.detectedAt],
    ['Declared', incident.declaredAt],
    ['Identified', incident.identifiedAt],
    ['Mitigated', incident.mitigatedAt],
    ['Monitoring', incident.monitoringAt],
    ['Resolved', incident.resolvedAt],
    ['Closed', incident.closedAt],
  ];
  return html`<table id="milestones">${rows.filter(([, at]) => at).map(([label, at]) => html`<tr><th>${label}</th><td>${when(at!)}</td></tr>`)}</table>`;
}

/** A link people's data gave us, only when it is a web address (never `javascript:` and the like). */
const outLink = (url: string | null, label: string) => (url && /^https?:\/\//i.test(url) ? html` <a href="${url}" rel="noopener noreferrer">${label}</a>` : '');

function alertsSection(story: IncidentStory): SafeHtml {
  if (story.alerts.length === 0) return html``;
  return html`<section id="alerts"><h2>Alerts</h2><ul>${story.alerts.map(
    (a) => html`<li><span class="state">${a.status}</span> <strong>${a.labels.alertname ?? a.fingerprint}</strong>${a.annotations.summary ? html` ${a.annotations.summary}` : ''} <span class="muted">since ${when(a.startsAt)}${a.endsAt ? html`, ended ${when(a.endsAt)}` : ''}</span>${a.links.map((l) => outLink(l.url, l.name))}</li>`,
  )}</ul></section>`;
}

function pagesSection(story: IncidentStory, person: (id: string | null) => string): SafeHtml {
  if (story.pages.length === 0) return html``;
  return html`<section id="pages"><h2>Pages</h2><ul>${story.pages.map(
    (p) => html`<li><strong>${p.target}</strong> <span class="muted">(${p.provider}, ${p.urgency} urgency)</span> <span class="state">${p.status}</span> · paged by ${person(p.triggeredBy)} ${when(p.triggeredAt)}${p.acknowledgedAt ? html` · acknowledged${p.acknowledgedBy ? ` by ${person(p.acknowledgedBy)}` : ''} ${when(p.acknowledgedAt)}` : ''}${p.resolvedAt ? html` · resolved ${when(p.resolvedAt)}` : ''}${outLink(p.url, 'open')}</li>`,
  )}</ul></section>`;
}

function followupsSection(story: IncidentStory, person: (id: string | null) => string): SafeHtml {
  if (story.followups.length === 0) return html``;
  return html`<section id="followups"><h2>Follow-ups</h2><ul>${story.followups.map(
    (f) => html`<li>${followupKey(f)} ${f.text} · <span class="muted">${person(f.ownerId)}${f.dueDate ? `, due ${f.dueDate}` : ''}</span> <span class="state">${f.state}</span>${outLink(f.trackerUrl, 'issue')}</li>`,
  )}</ul></section>`;
}

/** Links to the rest of the timeline: its start, the entries before and after this window, its end. */
function timelinePager(key: string, timeline: TimelinePage): SafeHtml {
  if (!timeline.earlier && !timeline.later) return html``;
  const at = (query: string) => `/incidents/${key}?${query}#timeline`;
  return html`<div class="pager">${timeline.earlier ? html`<a href="${at('at=start')}">⇤ Start</a><a rel="prev" href="${at(`before=${timeline.earlier}`)}">← Earlier</a>` : ''}${timeline.later ? html`<a rel="next" href="${at(`after=${timeline.later}`)}">Later →</a><a href="${at('at=end')}">Latest ⇥</a>` : ''}</div>`;
}

export function incidentPage(session: WebSession, policy: IncidentPolicy, story: IncidentStory): HttpResponse {
  const { incident, names } = story;
  const key = `INC-${incident.number}`;
  const person = personIn(names);
  const line = (entry: RecordedTimelineEntry) => entryLine(names, entry);
  const body = html`<h1>${key}: ${incident.title}</h1>
<section id="summary"><p><span class="sev">${policy.label(incident.severity)}</span> · <span class="state">${incident.state}</span>${story.type ? html` · ${story.type}` : ''}${incident.private ? html` · <span class="private">private</span>` : ''}
· declared by ${person(incident.declarerId)} ${when(incident.declaredAt)}${incident.channelName ? html` · #${incident.channelName}` : ''}</p>
${incident.description ? html`<p class="text">${incident.description}</p>` : ''}
${story.retrospectiveVersion !== undefined ? html`<p><a href="/incidents/${key}/retrospective">Retrospective (version ${story.retrospectiveVersion})</a></p>` : ''}</section>
<section id="milestones-section"><h2>Milestones</h2>${milestones(incident)}</section>
<section id="roles"><h2>Roles</h2><ul>${policy.roles.map((r) => html`<li>${r.title}: ${story.roles[r.id] ? person(story.roles[r.id]!) : html`<span class="muted">nobody</span>`}</li>`)}</ul>
${story.handoffs.length > 0 ? html`<h3>Handoffs</h3><ul>${story.handoffs.map((h) => html`<li>${when(h.assignedAt)} ${roleTitle(policy, h.role)}: ${h.previousUserId ? `${person(h.previousUserId)} → ` : ''}${person(h.userId)}${h.assignedBy ? ` (by ${person(h.assignedBy)})` : ''}</li>`)}</ul>` : ''}</section>
<section id="updates"><h2>Status updates</h2>${story.updates.length === 0 ? html`<p class="muted">None yet.</p>` : html`<ul>${story.updates.map((u) => html`<li>${when(u.postedAt)} <strong>${person(u.authorId)}</strong>${u.state ? html` <span class="state">${u.state}</span>` : ''}<div class="text">${slackTextToPlain(u.text, (id) => names.get(id))}</div></li>`)}</ul>`}</section>
${story.checklist.length > 0 ? html`<section id="checklist"><h2>Checklist</h2><ul>${story.checklist.map((c) => html`<li>${c.doneAt ? '☑' : '☐'} ${c.text}${c.doneBy ? html` <span class="muted">${person(c.doneBy)}</span>` : ''}</li>`)}</ul></section>` : ''}
${alertsSection(story)}${pagesSection(story, person)}${followupsSection(story, person)}
<section id="key-events"><h2>Key events</h2>${story.keyEvents.length === 0 ? html`<p class="muted">None marked (react with :pushpin: in the channel).</p>` : html`<ul class="timeline">${story.keyEvents.map(line)}</ul>`}</section>
<section id="timeline"><h2>Timeline</h2>${timelinePager(key, story.timeline)}<ol class="timeline">${story.timeline.items.map(
    (item) => html`${line(item.entry)}${item.replies.length > 0 ? html`<li class="replies"><ol>${item.replies.map(line)}</ol></li>` : ''}`,
  )}</ol>${timelinePager(key, story.timeline)}</section>`;
  return page(200, `${key}: ${incident.title}`, session, body);
}
