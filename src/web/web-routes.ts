import type { WebSession } from '../db/web-session-store.js';
import { incidentTypesInUse } from '../db/incident-read-store.js';
import type { HttpRequest, HttpResponse, Route } from '../http/route.js';
import type { Logger } from '../logger.js';
import { incidentInsights } from '../usecases/incident-insights.js';
import { type ReadContext, roomsKnown } from '../usecases/incident-reader.js';
import { incidentRetrospective, incidentStory, listIncidents } from '../usecases/read-incidents.js';
import { html } from './html.js';
import { page, redirect, SECURITY_HEADERS, STYLESHEET } from './layout.js';
import { incidentListPage } from './pages/incident-list-page.js';
import { roomsNote } from './pages/rooms-note.js';
import { incidentPage } from './pages/incident-page.js';
import { insightsPage } from './pages/insights-page.js';
import { retrospectivePage } from './pages/retrospective-page.js';
import { incidentNumberOf, positiveInt, severityOf, statesOf, timelineCursorOf, wordsOf } from './query.js';
import { endSession, openSession, sameToken, SESSION_MS, sessionCookie, sessionOf } from './session.js';
import { finishSignIn, safeReturnTo, type SignInDeps, signInRedirect } from './slack-sign-in.js';

export interface WebDependencies {
  read: ReadContext;
  signIn: SignInDeps;
  logger: Logger;
}

const PER_PAGE = 50;
// A sign-out form is a few dozen bytes.
const FORM_LIMIT_BYTES = 4096;

type SignedInHandler = (request: HttpRequest, session: WebSession) => Promise<HttpResponse>;

function notFound(session: WebSession | undefined, roomsKnown = true): HttpResponse {
  return page(404, 'Not found', session, html`<h1>Not found</h1>${roomsNote(roomsKnown)}<p>There is no such incident, or it is not yours to see.</p><p><a href="/incidents">All incidents</a></p>`);
}

/** The pages behind Sign in with Slack: served only when PUBLIC_URL and the Slack client settings are set. */
export function webRoutes(deps: WebDependencies): Route[] {
  const { read, signIn } = deps;
  const secure = signIn.web.publicUrl.startsWith('https://');
  const now = () => read.now();

  const signedIn =
    (handler: SignedInHandler) =>
    async (request: HttpRequest): Promise<HttpResponse> => {
      const session = await sessionOf(read.db, request, now());
      if (!session || session.teamId !== signIn.teamId) {
        const here = `${request.path}${request.query.size > 0 ? `?${request.query.toString()}` : ''}`;
        return redirect(`/login?${new URLSearchParams({ next: here }).toString()}`);
      }
      return handler(request, session);
    };
  const person = (session: WebSession) => ({ kind: 'person' as const, userId: session.userId });

  return [
    {
      path: '/assets/sitrep.css',
      methods: ['GET', 'HEAD'],
      handle: async () => ({ status: 200, headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' }, body: STYLESHEET }),
    },
    {
      path: '/login',
      methods: ['GET', 'HEAD'],
      handle: async (request) => redirect(await signInRedirect(signIn, safeReturnTo(request.query.get('next')))),
    },
    {
      path: '/auth/slack/callback',
      methods: ['GET'],
      handle: async (request) => {
        const outcome = await finishSignIn(signIn, request.query);
        if (!outcome.ok) {
          deps.logger.info({ reason: outcome.reason }, 'web sign-in refused');
          const why =
            outcome.reason === 'workspace'
              ? html`Only people of this Slack workspace can sign in here.`
              : outcome.reason === 'state'
                ? html`This sign-in link has expired or was already used.`
                : html`Slack did not confirm who you are.`;
          return page(outcome.reason === 'workspace' ? 403 : 400, 'Sign-in failed', undefined, html`<h1>Sign-in failed</h1><p>${why}</p><p><a href="/login">Sign in with Slack again</a></p>`);
        }
        const token = await openSession(read.db, outcome, now());
        return redirect(outcome.returnTo, { 'set-cookie': sessionCookie(token, SESSION_MS / 1000, secure) });
      },
    },
    {
      path: '/logout',
      methods: ['POST'],
      handle: signedIn(async (request, session) => {
        const form = new URLSearchParams((await request.body(FORM_LIMIT_BYTES)).toString('utf8'));
        if (!sameToken(form.get('csrf') ?? '', session.csrfToken)) {
          return page(403, 'Forbidden', session, html`<h1>Forbidden</h1><p>That form is stale; reload the page and try again.</p>`);
        }
        await endSession(read.db, request, now());
        return page(200, 'Signed out', undefined, html`<h1>Signed out</h1><p><a href="/login">Sign in again</a></p>`);
      }),
    },
    {
      path: '/incidents',
      methods: ['GET', 'HEAD'],
      handle: signedIn(async (request, session) => {
        const q = request.query;
        const filters = { state: q.get('state') ?? '', severity: q.get('severity') ?? '', type: q.get('type') ?? '', q: q.get('q') ?? '' };
        const [result, types] = await Promise.all([
          listIncidents(read, person(session), {
            states: statesOf(q.get('state')),
            severity: severityOf(read.policy, q.get('severity')),
            type: q.get('type') || undefined,
            words: wordsOf(q.get('q')),
            page: positiveInt(q.get('page'), 1, 100_000),
            perPage: PER_PAGE,
          }),
          incidentTypesInUse(read.db),
        ]);
        return incidentListPage(session, read.policy, filters, result, types);
      }),
    },
    {
      path: '/incidents/:key',
      methods: ['GET', 'HEAD'],
      handle: signedIn(async (request, session) => {
        const number = incidentNumberOf(request.params.key);
        // Asked first, so a missing and a hidden incident read alike however Slack answers.
        const known = await roomsKnown(read, person(session));
        const story = number === undefined ? undefined : await incidentStory(read, person(session), number, timelineCursorOf(request.query));
        return story ? incidentPage(session, read.policy, story) : notFound(session, known);
      }),
    },
    {
      path: '/incidents/:key/retrospective',
      methods: ['GET', 'HEAD'],
      handle: signedIn(async (request, session) => {
        const number = incidentNumberOf(request.params.key);
        const known = await roomsKnown(read, person(session));
        const found = number === undefined ? undefined : await incidentRetrospective(read, person(session), number);
        return found ? retrospectivePage(session, found.listed.incident, found.markdown, found.version) : notFound(session, known);
      }),
    },
    {
      path: '/incidents/:key/retrospective.md',
      methods: ['GET', 'HEAD'],
      handle: signedIn(async (request, session) => {
        const number = incidentNumberOf(request.params.key);
        const known = await roomsKnown(read, person(session));
        const found = number === undefined ? undefined : await incidentRetrospective(read, person(session), number);
        if (!found || found.markdown === undefined) return notFound(session, known);
        return {
          status: 200,
          headers: {
            ...SECURITY_HEADERS,
            'content-type': 'text/markdown; charset=utf-8',
            'content-disposition': `attachment; filename="inc-${number}-retrospective.md"`,
          },
          body: found.markdown,
        };
      }),
    },
    {
      path: '/insights',
      methods: ['GET', 'HEAD'],
      handle: signedIn(async (request, session) => {
        const q = request.query;
        const filters = { months: positiveInt(q.get('months'), 12, 36), severity: q.get('severity') ?? '', type: q.get('type') ?? '' };
        const [insights, types] = await Promise.all([
          incidentInsights(read, person(session), { months: filters.months, severity: severityOf(read.policy, q.get('severity')), type: q.get('type') || undefined }),
          incidentTypesInUse(read.db),
        ]);
        return insightsPage(session, read.policy, filters, insights, types);
      }),
    },
  ];
}
