import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import { createSession, findSession, revokeSession, type WebSession } from '../db/web-session-store.js';
import type { HttpRequest } from '../http/route.js';

export const SESSION_COOKIE = 'sitrep_session';
export const SESSION_MS = 12 * 3_600_000;

export const newToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function cookiesOf(request: Pick<HttpRequest, 'headers'>): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

/** HttpOnly, SameSite=Lax, Secure when the pages are served over https. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export async function openSession(db: Db, person: { userId: string; teamId: string; userName: string }, now: Date): Promise<string> {
  const token = newToken();
  await createSession(db, hashOf(token), { ...person, csrfToken: newToken(), expiresAt: new Date(now.getTime() + SESSION_MS) }, now);
  return token;
}

export async function sessionOf(db: Db, request: Pick<HttpRequest, 'headers'>, now: Date): Promise<WebSession | undefined> {
  const token = cookiesOf(request).get(SESSION_COOKIE);
  return token ? findSession(db, hashOf(token), now) : undefined;
}

export async function endSession(db: Db, request: Pick<HttpRequest, 'headers'>, now: Date): Promise<void> {
  const token = cookiesOf(request).get(SESSION_COOKIE);
  if (token) await revokeSession(db, hashOf(token), now);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
