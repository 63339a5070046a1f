import { ErrorCode, type WebAPICallResult, WebClient, type WebClientOptions } from '@slack/web-api';

/** Told of every Web API call once it settles: method, outcome, seconds (retries included). */
export type SlackCallObserver = (method: string, outcome: string, seconds: number) => void;

/**
 * A WebClient that reports every call. It overrides `apiCall` in a subclass because the client binds
 * its method shortcuts (`client.chat.postMessage`…) to `apiCall` when it is built: patching an
 * existing client's `apiCall` would miss them.
 */
export class ObservedWebClient extends WebClient {
  readonly #observe: SlackCallObserver;

  constructor(token: string | undefined, options: WebClientOptions, observe: SlackCallObserver) {
    super(token, options);
    this.#observe = observe;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      this.#observe(method, outcome, (performance.now() - started) / 1000);
    }
  }
}

// Slack's error codes are short snake_case words from its documentation; anything else is not a label.
const SLACK_ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** A label value for a failed call: Slack's error code, or the kind of failure. Never a message text. */
export function outcomeOf(error: unknown): string {
  const e = error as { code?: string; data?: { error?: unknown } };
  switch (e.code) {
    case ErrorCode.PlatformError:
      return typeof e.data?.error === 'string' && SLACK_ERROR_CODE.test(e.data.error) ? e.data.error : 'slack_error';
    case ErrorCode.RateLimitedError:
      return 'rate_limited';
    case ErrorCode.HTTPError:
      return 'http_error';
    case ErrorCode.RequestError:
      return 'request_error';
    default:
      return 'other_error';
  }
}
