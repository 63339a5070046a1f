import { ErrorCode } from '@slack/web-api';
import { SlackCallError } from '../../usecases/slack-gateway.js';

// Platform errors Slack answers when trying again later may work.
const RETRYABLE_PLATFORM_ERRORS = ['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'];

/** Turns whatever the Web API client threw into a SlackCallError that says whether to retry. */
export function toSlackCallError(method: string, error: unknown): SlackCallError {
  if (error instanceof SlackCallError) return error;
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: { name?: string } };
  switch (e.code) {
    case ErrorCode.PlatformError:
      return new SlackCallError(method, e.data?.error ?? 'unknown_error', RETRYABLE_PLATFORM_ERRORS.includes(e.data?.error ?? ''));
    case ErrorCode.RateLimitedError:
      return new SlackCallError(method, 'rate_limited', true);
    case ErrorCode.HTTPError:
      return new SlackCallError(method, `http_error_${e.statusCode ?? 'unknown'}`, (e.statusCode ?? 500) >= 500 || e.statusCode === 429);
    case ErrorCode.RequestError:
      // SLACK_API_TIMEOUT ran out (the client aborts its fetch with a TimeoutError).
      if (e.original?.name === 'TimeoutError') return new SlackCallError(method, 'timeout', true);
      return new SlackCallError(method, 'request_error', true);
    default:
      return new SlackCallError(method, error instanceof Error ? error.message : String(error), false);
  }
}

/** Seconds Slack asked us to wait (a 429's Retry-After), when the error is a rate limit. */
export function retryAfterMs(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number };
  return e?.code === ErrorCode.RateLimitedError && typeof e.retryAfter === 'number' ? e.retryAfter * 1_000 : undefined;
}
