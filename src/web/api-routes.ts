import type { ListedIncident } from '../db/incident-read-store.js';
import type { RecordedTimelineEntry } from '../db/timeline-store.js';
import type { HttpRequest, HttpResponse, Route } from '../http/route.js';
import type { RoleHolders } from '../incidents/incident.js';
import type { Reader, ReadContext } from '../usecases/incident-reader.js';
import { incidentStory, incidentTimeline, listIncidents } from '../usecases/read-incidents.js';
import { incidentNumberOf, positiveInt, severityOf, statesOf, timelineCursorOf } from './query.js';
import { sameToken } from './session.js';

export interface ApiDependencies {
  read: ReadContext;
  /** API_TOKENS: none means every request is refused. */
  tokens: readonly string[];
  includePrivate: boolean;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers }, body: JSON.stringify(body) };
}

/** An incident in the API's stable field names. */
export function incidentJson({ incident, type }: ListedIncident, roles?: RoleHolders) {
  return {
    key: `INC-${incident.number}`,
    number: incident.number,
    title: incident.title,
    description: incident.description,
    severity: incident.severity,
    state: incident.state,
    type,
    private: incident.private,
    declarer_id: incident.declarerId,
    channel_id: incident.channelId,
    channel_name: incident.channelName,
    declared_at: iso(incident.declaredAt),
    impact_started_at: iso(incident.impactStartedAt),
    detected_at: iso(incident.detectedAt),
    identified_at: iso(incident.identifiedAt),
    mitigated_at: iso(incident.mitigatedAt),
    monitoring_at: iso(incident.monitoringAt),
    resolved_at: iso(incident.resolvedAt),
    closed_at: iso(incident.closedAt),
    last_update_at: iso(incident.lastUpdateAt),
    ...(roles ? { roles } : {}),
  };
}

function entryJson(entry: RecordedTimelineEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    author_id: entry.authorId,
    text: entry.text,
    occurred_at: iso(entry.occurredAt),
    edited_at: iso(entry.editedAt),
    message_ts: entry.messageTs,
    thread_ts: entry.threadTs,
    key_event: entry.keyEvent,
    permalink: entry.permalink,
    files: entry.files.map((f) => f.name),
    data: entry.data,
  };
}

const NOT_FOUND = () => json(404, { error: 'not_found' });

/** GET /api/v1/…: JSON with ISO times, for a bearer of one of API_TOKENS. */
export function apiRoutes(deps: ApiDependencies): Route[] {
  const reader: Reader = { kind: 'api', includePrivate: deps.includePrivate };
  const authorized =
    (handler: (request: HttpRequest) => Promise<HttpResponse>) =>
    async (request: HttpRequest): Promise<HttpResponse> => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!token || !deps.tokens.some((t) => sameToken(t, token))) return json(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="sitrep"' });
      return handler(request);
    };

  return [
    {
      path: '/api/v1/incidents',
      methods: ['GET'],
      handle: authorized(async (request) => {
        const q = request.query;
        const sinceText = q.get('since');
        const since = sinceText ? new Date(sinceText) : undefined;
        if (since && Number.isNaN(since.getTime())) return json(400, { error: 'invalid_since', detail: 'since must be an ISO 8601 date or time' });
        const stateText = q.get('state');
        const states = stateText ? statesOf(stateText) : undefined;
        if (stateText && !states) return json(400, { error: 'invalid_state' });
        const severityText = q.get('severity');
        const severity = severityOf(deps.read.policy, severityText);
        if (severityText && !severity) return json(400, { error: 'invalid_severity' });
        const page = positiveInt(q.get('page'), 1, 1_000_000);
        const perPage = positiveInt(q.get('per_page'), 50, 200);
        const result = await listIncidents(deps.read, reader, { states, severity, since, page, perPage });
        return json(200, {
          incidents: result.items.map((item) => incidentJson(item)),
          page,
          per_page: perPage,
          total: result.total,
          next_page: page * perPage < result.total ? page + 1 : null,
        });
      }),
    },
    {
      path: '/api/v1/incidents/:key',
      methods: ['GET'],
      handle: authorized(async (request) => {
        const number = incidentNumberOf(request.params.key);
        const story = number === undefined ? undefined : await incidentStory(deps.read, reader, number);
        if (!story) return NOT_FOUND();
        return json(200, {
          ...incidentJson(story, story.roles),
          status_updates: story.updates.map((u) => ({ author_id: u.authorId, text: u.text, state: u.state, posted_at: iso(u.postedAt) })),
          role_history: story.handoffs.map((h) => ({ role: h.role, user_id: h.userId, previous_user_id: h.previousUserId, assigned_by: h.assignedBy, assigned_at: iso(h.assignedAt) })),
        });
      }),
    },
    {
      path: '/api/v1/incidents/:key/timeline',
      methods: ['GET'],
      handle: authorized(async (request) => {
        const number = incidentNumberOf(request.params.key);
        const perPage = positiveInt(request.query.get('per_page'), 500, 1000);
        const found = number === undefined ? undefined : await incidentTimeline(deps.read, reader, number, timelineCursorOf(request.query), perPage);
        if (!found) return NOT_FOUND();
        return json(200, { key: `INC-${number}`, entries: found.entries.map(entryJson), per_page: perPage, next_after: found.next ?? null });
      }),
    },
  ];
}
