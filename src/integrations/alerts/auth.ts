import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface AlertAuthSettings {
  /** ALERT_WEBHOOK_TOKEN: bearer, or basic with it as the password. */
  token: string;
  /** ALERT_WEBHOOK_HMAC_SECRET: Grafana's signature instead of the token. */
  hmacSecret: string | undefined;
}

/** How old a Grafana signature's timestamp may be. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the Authorization header carries the token, as a bearer token or as basic auth's password. */
export function hasToken(headers: IncomingHttpHeaders, token: string): boolean {
  const authorization = header(headers, 'authorization')?.trim();
  if (!authorization) return false;
  const [scheme, credentials = ''] = authorization.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return sameText(credentials, token);
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && sameText(decoded.slice(colon + 1), token);
  }
  return false;
}

/**
 * Whether Grafana signed this body: hex HMAC-SHA256 of `timestamp:body` with the secret, the
 * timestamp (Unix seconds or milliseconds) at most 5 minutes from now, so a captured request cannot be replayed later.
 */
export function hasGrafanaSignature(headers: IncomingHttpHeaders, body: Buffer, secret: string, now: Date): boolean {
  const signature = header(headers, 'x-grafana-alerting-signature')?.trim().toLowerCase();
  const timestamp = header(headers, 'x-grafana-alerting-timestamp')?.trim();
  if (!signature || !timestamp || !/^\d{1,16}$/.test(timestamp)) return false;
  const value = Number(timestamp);
  const millis = value < 1e11 ? value * 1000 : value;
  if (Math.abs(now.getTime() - millis) > SIGNATURE_MAX_AGE_MS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}:`).update(body).digest('hex');
  return sameText(signature, expected);
}

/** Whether a request to an alert endpoint is allowed: the token, or (Grafana only) a valid signature. */
export function isAuthorised(
  headers: IncomingHttpHeaders,
  body: Buffer,
  settings: AlertAuthSettings,
  options: { acceptSignature: boolean; now: Date },
): boolean {
  if (hasToken(headers, settings.token)) return true;
  return options.acceptSignature && settings.hmacSecret !== undefined && hasGrafanaSignature(headers, body, settings.hmacSecret, options.now);
}
