/** Slack message timestamps (`1614540108.001500`: seconds, six decimals), read and stepped. */

const SLACK_TS = /^\d{1,12}\.\d{1,6}$/;

/** Whether a string is a Slack ts as Slack makes them; anything else is refused at the edge. */
export function isSlackTs(value: string): boolean {
  return SLACK_TS.test(value);
}

/** A Slack ts as a Date (millisecond precision). */
export function dateOfTs(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}

function micros(ts: string): bigint {
  const [seconds = '0', fraction = ''] = ts.split('.');
  return BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

function ofMicros(value: bigint): string {
  return `${value / 1_000_000n}.${String(value % 1_000_000n).padStart(6, '0')}`;
}

/** The ts one microsecond later. */
export function tsJustAfter(ts: string): string {
  return ofMicros(micros(ts) + 1n);
}

/** The later of two ts. */
export function laterTs(a: string, b: string): string {
  return micros(a) >= micros(b) ? a : b;
}

/** The message's link, as chat.getPermalink would answer, without the API call. */
export function permalinkOf(workspaceUrl: string, channelId: string, ts: string, threadTs: string | null): string {
  const base = `${workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`}archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}
