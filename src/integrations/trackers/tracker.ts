/** An issue to open for a follow-up, in the tracker's own terms. */
export interface NewIssue {
  title: string;
  /** Plain text lines: what to do, who owns it, when it is due, links back to the incident. */
  lines: string[];
  links: { label: string; url: string }[];
}

export interface OpenedIssue {
  /** How the tracker's webhooks name it, e.g. `github:acme/ops#12`. */
  ref: string;
  url: string;
}

/**
 * Where follow-ups also become issues: GitHub Issues or Jira Cloud today, Linear or GitLab later.
 * Failures are thrown as TrackerError.
 */
export interface Tracker {
  /** "GitHub", "Jira": named in the messages people read. */
  name: string;
  createIssue(issue: NewIssue): Promise<OpenedIssue>;
  /**
   * The issue an earlier try opened, if any: trackers take no idempotency key, so a create whose
   * answer was lost (a timeout, a 502 after the write, Sitrep failing to save it) is looked for by
   * the follow-up key its title starts with, among issues created since `createdSince`.
   */
  findIssue(query: IssueQuery): Promise<OpenedIssue | undefined>;
}

export interface IssueQuery {
  /** The follow-up key, e.g. `INC-7-F2`: titles are `INC-7-F2: …`. */
  key: string;
  /** No issue of this follow-up was created before this (its creation, with some slack for clocks). */
  createdSince: Date;
}

/** Whether a title is the follow-up key's: `INC-7-F2: …`, not `INC-7-F20: …`. */
export function titleHasKey(title: string, key: string): boolean {
  return title.startsWith(`${key}:`);
}

/** A tracker call that failed; `retryAfterMs` from a 429's Retry-After. */
export class TrackerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TrackerError';
  }
}

/**
 * One call to a tracker with a timeout: unreachable is worth a retry; a non-2xx answer is read by
 * `failure` (the tracker's own error shape), by default `failureOf`.
 */
export async function callTracker(
  tracker: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  failure: (response: Response) => Promise<TrackerError> = (response) => failureOf(tracker, response),
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new TrackerError(`${tracker} unreachable: ${(error as Error).message}`, true);
  }
  if (!response.ok) throw await failure(response);
  return response;
}

/** Reads a tracker's HTTP failure: 429 and 5xx are worth retrying, other 4xx are not. */
export async function failureOf(tracker: string, response: Response): Promise<TrackerError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const text = await response.text().catch(() => '');
  const detail = messageIn(text) ?? text.slice(0, 200);
  const retryable = response.status === 429 || response.status >= 500;
  return new TrackerError(`${tracker} answered ${response.status}: ${detail}`, retryable, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
}

/** The `message` of a JSON error body, as GitHub sends: `{"message": "Bad credentials"}`. */
function messageIn(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}
