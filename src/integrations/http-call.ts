import { EffectFailure } from '../effects/effect-dispatcher.js';

export interface PartnerCall {
  /** "PagerDuty", "Opsgenie": named in the errors people read. */
  service: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export interface PartnerAnswer {
  status: number;
  json: unknown;
}

// Without a Retry-After, a 429 waits this long before the next try.
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/** Seconds or an HTTP date, as Retry-After may be; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function secondsMs(header: string | null): number | undefined {
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * One call to a partner API with a timeout. A 2xx answer is returned; a 429 throws a retryable
 * EffectFailure carrying Retry-After, a 5xx, timeout or lost connection a retryable one, any other 4xx
 * (wrong key, bad request) one that is not retried. `accept` lets a caller take a 4xx as an answer.
 */
export async function callPartner(call: PartnerCall, accept: (status: number) => boolean = () => false): Promise<PartnerAnswer> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: { accept: 'application/json', ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}), ...call.headers },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new EffectFailure(`${call.service} did not answer${timedOut ? ` within ${call.timeoutMs / 1000}s` : `: ${(error as Error).message}`}`, true);
  }
  const text = await response.text().catch(() => '');
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok || accept(response.status)) return { status: response.status, json };
  const detail = errorDetail(json) ?? (text.slice(0, 200) || response.statusText);
  if (response.status === 429) {
    // PagerDuty's REST API says when its window resets in `ratelimit-reset` (seconds), not in Retry-After.
    const wait = retryAfterMs(response.headers.get('retry-after')) ?? secondsMs(response.headers.get('ratelimit-reset')) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    throw new EffectFailure(`${call.service} is rate limiting Sitrep (429)`, true, wait);
  }
  throw new EffectFailure(`${call.service} answered ${response.status}: ${detail}`, response.status >= 500 || response.status === 408);
}

/** The message in PagerDuty's and Opsgenie's error bodies. */
function errorDetail(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const body = json as { error?: { message?: unknown; errors?: unknown }; message?: unknown; errors?: unknown };
  const message = body.error?.message ?? body.message;
  const errors = body.error?.errors ?? body.errors;
  const list = Array.isArray(errors) ? errors.filter((e) => typeof e === 'string') : [];
  if (typeof message !== 'string') return list[0];
  return list.length > 0 ? `${message} (${list.join('; ')})` : message;
}
