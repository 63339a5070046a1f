import type { WebSession } from '../../db/web-session-store.js';
import type { HttpResponse } from '../../http/route.js';
import type { Incident } from '../../incidents/incident.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { markdownToHtml } from '../markdown.js';

export function retrospectivePage(session: WebSession, incident: Incident, markdown: string | undefined, version: number | undefined): HttpResponse {
  const key = `INC-${incident.number}`;
  const body =
    markdown === undefined
      ? html`<h1>${key} retrospective</h1><p>No retrospective yet: it is drafted when the incident is closed.</p><p><a href="/incidents/${key}">Back to ${key}</a></p>`
      : html`<p><a href="/incidents/${key}">← ${key}</a> · version ${version} · <a href="/incidents/${key}/retrospective.md" download="${key.toLowerCase()}-retrospective.md">Download Markdown</a></p>
<article id="retrospective">${markdownToHtml(markdown)}</article>`;
  return page(200, `${key} retrospective`, session, body);
}
