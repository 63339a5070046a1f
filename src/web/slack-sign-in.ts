import type { Db } from '../db/database.js';
import { saveSignIn, takeSignIn } from '../db/web-session-store.js';
import type { WebConfig } from '../config.js';
import { newToken } from './session.js';

// A sign-in left at Slack's consent screen longer than this starts over.
const SIGN_IN_MS = 10 * 60_000;
const TEAM_CLAIM = 'https://slack.com/team_id';
const USER_CLAIM = 'https://slack.com/user_id';

export interface SignInDeps {
  db: Db;
  web: WebConfig;
  /** Base URL of the Web API, with a trailing slash (SLACK_API_URL). */
  apiUrl: string;
  /** The bot's workspace: the only one whose people may sign in. */
  teamId: string;
  now: () => Date;
}

/** Where Slack sends the browser back; the app's manifest lists it under redirect_urls. */
export const CALLBACK_PATH = '/auth/slack/callback';
export const callbackUrl = (web: WebConfig) => `${web.publicUrl}${CALLBACK_PATH}`;
/** The user scopes Sign in with Slack asks for (the manifest grants them): who the person is and their name. */
export const SIGN_IN_SCOPES = ['openid', 'profile'] as const;

/** Where the browser goes to sign in: Slack's authorize page with a fresh state and nonce. */
export async function signInRedirect(deps: SignInDeps, returnTo: string): Promise<string> {
  const state = newToken();
  const nonce = newToken();
  await saveSignIn(deps.db, { state, nonce, returnTo, expiresAt: new Date(deps.now().getTime() + SIGN_IN_MS) });
  const url = new URL(`${deps.web.oauthUrl}/openid/connect/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    scope: SIGN_IN_SCOPES.join(' '),
    client_id: deps.web.clientId,
    redirect_uri: callbackUrl(deps.web),
    state,
    nonce,
    team: deps.teamId,
  }).toString();
  return url.toString();
}

export type SignInOutcome =
  | { ok: true; userId: string; teamId: string; userName: string; returnTo: string }
  | { ok: false; reason: 'state' | 'denied' | 'slack' | 'nonce' | 'workspace' };

function claimsOf(idToken: unknown): Record<string, unknown> | undefined {
  if (typeof idToken !== 'string') return undefined;
  try {
    return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function callSlack(url: string, init: RequestInit): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as Record<string, unknown>;
    return body.ok === true ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Slack sent the browser back: the state must be one we issued (once, unexpired); the code is exchanged
 * with openid.connect.token, whose ID token must carry our nonce and audience; openid.connect.userInfo
 * says who it is. The ID token comes straight from Slack over TLS, so its claims are read without
 * checking its signature (OpenID Connect Core 3.1.3.7).
 */
export async function finishSignIn(deps: SignInDeps, query: URLSearchParams): Promise<SignInOutcome> {
  const state = query.get('state');
  const started = state ? await takeSignIn(deps.db, state, deps.now()) : undefined;
  if (!started) return { ok: false, reason: 'state' };
  const code = query.get('code');
  if (!code) return { ok: false, reason: 'denied' };
  const token = await callSlack(`${deps.apiUrl}openid.connect.token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: deps.web.clientId, client_secret: deps.web.clientSecret, code, redirect_uri: callbackUrl(deps.web), grant_type: 'authorization_code' }),
  });
  if (!token || typeof token.access_token !== 'string') return { ok: false, reason: 'slack' };
  const claims = claimsOf(token.id_token);
  if (!claims || claims.nonce !== started.nonce || (claims.aud !== deps.web.clientId && !(Array.isArray(claims.aud) && claims.aud.includes(deps.web.clientId)))) {
    return { ok: false, reason: 'nonce' };
  }
  if (claims[TEAM_CLAIM] !== deps.teamId) return { ok: false, reason: 'workspace' };
  const info = await callSlack(`${deps.apiUrl}openid.connect.userInfo`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}` } });
  if (!info) return { ok: false, reason: 'slack' };
  if (info[TEAM_CLAIM] !== deps.teamId) return { ok: false, reason: 'workspace' };
  const userId = typeof info[USER_CLAIM] === 'string' ? info[USER_CLAIM] : typeof info.sub === 'string' ? info.sub : undefined;
  if (!userId) return { ok: false, reason: 'slack' };
  return { ok: true, userId, teamId: deps.teamId, userName: typeof info.name === 'string' ? info.name : '', returnTo: started.returnTo };
}

/** Only a path of ours, never another site (`//evil.example` is another site). */
export function safeReturnTo(path: string | null): string {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/incidents';
}
