// A fake Slack Web API on loopback: speaks what @slack/web-api's WebClient sends, answers like
// Slack (shapes copied from /work/shared/slack-fixtures), keeps workspace state in memory and
// records every call so tests can assert on what the app asked Slack to do.
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeOidc } from './fake-slack-oidc.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Wire arguments: strings from form bodies, objects from JSON bodies or re-parsed JSON fields.
export type SlackArgs = Record<string, any>;

export interface RecordedCall {
  method: string;
  args: SlackArgs;
  at: number;
  /** Token the call carried (header or form field); kept out of `args`. */
  token?: string;
  /** HTTP status and JSON answered, filled once the answer is known. */
  status?: number;
  response?: any;
}

/**
 * How a call fails, as Slack's do: `{ error }` is Slack's ok:false answer (HTTP 200); `{ status }` an
 * HTTP error (429 with `retryAfter` seconds is a rate limit, nothing done); `afterWrite` performs the
 * call first and then answers the error (the write happened, the answer says otherwise); `{ drop }`
 * closes the connection without an answer (after the write too, with `afterWrite`).
 */
export type Failure =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: number; retryAfter?: number; afterWrite?: boolean }
  | { drop: true; afterWrite?: boolean };

/** A call held without an answer (see FakeSlack.hangNext) until released or the fake closes. */
interface HeldCall {
  method: string;
  call: RecordedCall;
  release: () => void;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  workspaceUrl?: string;
  botToken?: string;
}

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  deleted: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: { real_name: string; display_name: string; real_name_normalized: string; display_name_normalized: string; email?: string; team: string };
}

export interface StoredMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  thread_ts?: string;
  [field: string]: any;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  members: Set<string>;
  /** Every message, replies included, in ts order. */
  messages: StoredMessage[];
  pins: Set<string>;
  /** The other party of a DM. */
  user?: string;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  content: string;
  bytes: Buffer;
  channelId?: string;
  initialComment?: string;
  threadTs?: string;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text?: string;
  blocks?: any[];
  message_ts: string;
}

export interface UserMessageInput {
  channel: string;
  user: string;
  text: string;
  thread_ts?: string;
  files?: Array<{ name: string; title?: string; mimetype?: string; content?: string }>;
}

type SlackBody = Record<string, any>;
/** `drop`: close the connection instead of answering. */
type Answer = { status: number; body: unknown; headers?: Record<string, string>; drop?: boolean };

// Fields the WebClient JSON-stringifies into form values; parsed back so records hold objects.
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata'] as const;
const CHANNEL_NAME = /^[a-z0-9_-]+$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Thrown inside handlers to answer `{ok:false, error}` like Slack does (HTTP 200). */
class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: SlackBody = {},
  ) {
    super(code);
  }
}

const fail = (code: string, messages?: string[]): SlackApiError =>
  new SlackApiError(code, messages ? { response_metadata: { messages } } : {});

function errorAnswer(err: unknown): Answer {
  if (err instanceof SlackApiError) return { status: 200, body: { ok: false, error: err.code, ...err.extra } };
  // A harness bug: answer 200 so the WebClient surfaces it at once instead of retrying for minutes.
  return { status: 200, body: { ok: false, error: 'fake_slack_internal_error', detail: String((err as Error)?.stack ?? err) } };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const clone = <T>(value: T): T => structuredClone(value);

/** Slack ts strings compare correctly once both halves are padded to fixed width. */
export function tsKey(ts: string | number): string {
  const [secs = '0', frac = ''] = String(ts).split('.');
  return `${secs.padStart(12, '0')}.${frac.padEnd(6, '0').slice(0, 6)}`;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

function intArg(v: unknown, fallback: number, max: number): number {
  const n = typeof v === 'number' ? v : Number.parseInt(String(v ?? ''), 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
}

function listArg(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

const encodeCursor = (s: string) => Buffer.from(s).toString('base64');

function decodeCursor(cursor: unknown, prefix: string): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(String(cursor), 'base64').toString('utf8');
  if (!decoded.startsWith(prefix)) throw fail('invalid_cursor');
  return decoded.slice(prefix.length);
}

const randomBlockId = () => randomBytes(3).toString('base64url').slice(0, 4);

/** Text as the rich_text block Slack attaches to every human message. */
const richTextBlocks = (text: string) => [
  { type: 'rich_text', block_id: randomBlockId(), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] },
];

// Slack rejects these with invalid_blocks; checking them here catches real bugs early.
function validateBlocks(blocks: unknown, max: number, pointer: string): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) throw fail('invalid_blocks_format');
  const errors: string[] = [];
  if (blocks.length > max) errors.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`);
  const seen = new Set<string>();
  blocks.forEach((b: any, i: number) => {
    if (!b || typeof b.type !== 'string') errors.push(`[ERROR] missing required field: type [json-pointer:${pointer}/${i}]`);
    if (b?.block_id !== undefined) {
      if (seen.has(b.block_id)) errors.push(`[ERROR] duplicate block_id [json-pointer:${pointer}/${i}/block_id]`);
      seen.add(b.block_id);
    }
    if (b?.type === 'section' && typeof b.text?.text === 'string' && b.text.text.length > 3000)
      errors.push(`[ERROR] must be less than 3001 characters [json-pointer:${pointer}/${i}/text/text]`);
    if (b?.type === 'header' && typeof b.text?.text === 'string' && b.text.text.length > 150)
      errors.push(`[ERROR] must be less than 151 characters [json-pointer:${pointer}/${i}/text/text]`);
    for (const el of [...(b?.elements ?? []), ...(b?.accessory ? [b.accessory] : [])]) {
      if (el?.type === 'button' && typeof el.value === 'string' && el.value.length > 2000)
        errors.push(`[ERROR] must be less than 2001 characters [json-pointer:${pointer}/${i}/elements/value]`);
    }
  });
  if (errors.length) throw fail(pointer.startsWith('/view') ? 'invalid_arguments' : 'invalid_blocks', errors);
}

/** Slack gives every block a block_id when the app leaves it out. */
const withBlockIds = (blocks: any[] | undefined) =>
  blocks?.map((b) => (b && typeof b === 'object' && b.block_id === undefined ? { ...b, block_id: randomBlockId() } : b));

export class FakeSlack {
  readonly teamId: string;
  readonly teamName: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly workspaceUrl: string;
  readonly botToken: string;
  /** The app-level token accepted by apps.connections.open, and the URL it hands out (see FakeSocketMode). */
  appToken = 'xapp-1-ATEST-1-test-app-token';
  socketModeUrl: string | undefined;

  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, FakeUser>();
  /** User groups (S…) and their members, for usergroups.users.list. */
  readonly userGroups = new Map<string, string[]>();
  readonly channels = new Map<string, FakeChannel>();
  /** Modals opened/pushed/updated, by view id, as Slack answered them. */
  readonly views = new Map<string, any>();
  /** Last home tab published per user id. */
  readonly homeViews = new Map<string, any>();
  readonly uploadedFiles: UploadedFile[] = [];
  readonly ephemerals: EphemeralMessage[] = [];

  /** Sign in with Slack (OpenID Connect): /openid/connect/authorize, openid.connect.token and .userInfo. */
  readonly oidc: FakeOidc;

  private server!: Server;
  private port = 0;
  private seq = 0;
  private lastMicros = 0;
  private responseUrlSeq = 0;
  private down = false;
  private readonly failures = new Map<string, Failure[]>();
  private targetedFailures: { method: string; match: (args: SlackArgs) => boolean; failure: Failure }[] = [];
  private readonly delays = new Map<string, number[]>();
  private readonly hangs = new Map<string, number>();
  private held: HeldCall[] = [];
  private readonly expiredTriggers = new Set<string>();
  private readonly pendingUploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  private readonly fileObjects = new Map<string, { meta: any; bytes: Buffer }>();
  private waiters: Array<{ match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];

  private constructor(opts: FakeSlackOptions) {
    this.teamId = opts.teamId ?? 'T0SITREP';
    this.teamName = opts.teamName ?? 'Sitrep Test';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.appId = opts.appId ?? 'ASITREP';
    this.workspaceUrl = opts.workspaceUrl ?? 'https://sitrep-test.slack.com/';
    this.botToken = opts.botToken ?? 'xoxb-test-token';
    this.oidc = new FakeOidc({ id: this.teamId, name: this.teamName });
    this.addUser({ id: this.botUserId, name: 'sitrep', real_name: 'Sitrep', is_bot: true });
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(opts);
    fake.server = createServer((req, res) => void fake.onRequest(req, res));
    fake.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the app gets as SLACK_API_URL; the WebClient appends the method name. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async close(): Promise<void> {
    this.releaseHung();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive sockets from fetch would otherwise hold close() open.
    this.server.closeAllConnections();
    await closed;
  }

  // ---------------------------------------------------------------- record

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** First call to `method` matching `predicate`, already recorded or still to come. */
  waitFor(method: string, predicate: (args: SlackArgs) => boolean = () => true, timeoutMs = 15_000): Promise<RecordedCall> {
    const match = (c: RecordedCall) => c.method === method && predicate(c.args);
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (c: RecordedCall) => (clearTimeout(timer), resolve(c)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const n = this.callsTo(method).length;
        reject(new Error(`FakeSlack.waitFor('${method}') timed out after ${timeoutMs}ms: ${n} call(s) to ${method}${n ? ', none matched the predicate' : ''}; methods seen: ${this.methodSummary()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the first `n` calls to `method` once that many have been made. */
  async waitForCount(method: string, n: number, timeoutMs = 15_000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(method).length < n) {
      if (Date.now() > deadline)
        throw new Error(`FakeSlack.waitForCount('${method}', ${n}) timed out after ${timeoutMs}ms with ${this.callsTo(method).length}; methods seen: ${this.methodSummary()}`);
      await sleep(10);
    }
    return this.callsTo(method).slice(0, n);
  }

  /** Clears the call record; workspace state and pending failures stay. */
  reset(): void {
    this.calls.length = 0;
  }

  private methodSummary(): string {
    const counts = new Map<string, number>();
    for (const c of this.calls) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
    return counts.size ? [...counts].map(([m, n]) => `${m} x${n}`).join(', ') : '(none)';
  }

  private record(method: string, args: SlackArgs, token?: string): RecordedCall {
    const call: RecordedCall = { method, args, at: Date.now(), ...(token !== undefined ? { token } : {}) };
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.match(call)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(call);
      }
    }
    return call;
  }

  // ---------------------------------------------------------------- failure injection

  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** The next call to `method` whose arguments match fails so (e.g. one channel's post among others'). */
  failNextWhere(method: string, match: (args: SlackArgs) => boolean, failure: Failure): void {
    this.targetedFailures.push({ method, match, failure });
  }

  /** Every call takes this long to answer, as over a real network (benchmarks of round trips). */
  latencyMs = 0;

  delayNext(method: string, ms: number, times = 1): void {
    const queue = this.delays.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(ms);
    this.delays.set(method, queue);
  }

  /** Leaves the next call to `method` unanswered until the returned function is called. */
  holdNext(method: string): () => void {
    this.hangNext(method);
    return () => this.releaseHung(method);
  }

  /**
   * The next `times` calls to `method` get no answer: the caller waits until its own timeout. They
   * are recorded on arrival; `releaseHung` lets them go on (performed and answered, late, as Slack
   * would when it was only slow).
   */
  hangNext(method: string, times = 1): void {
    this.hangs.set(method, (this.hangs.get(method) ?? 0) + times);
  }

  /** Calls held by hangNext (of `method`, or all), still unanswered. */
  hungCalls(method?: string): RecordedCall[] {
    return this.held.filter((h) => method === undefined || h.method === method).map((h) => h.call);
  }

  /** Lets held calls (of `method`, or all) go on; also drops hangs not yet used for them. */
  releaseHung(method?: string): void {
    const releasing = this.held.filter((h) => method === undefined || h.method === method);
    this.held = this.held.filter((h) => !releasing.includes(h));
    if (method === undefined) this.hangs.clear();
    else this.hangs.delete(method);
    for (const h of releasing) h.release();
  }

  /** While down every request is answered 503. */
  setDown(down: boolean): void {
    this.down = down;
  }

  expireTrigger(triggerId: string): void {
    this.expiredTriggers.add(triggerId);
  }

  newResponseUrl(): string {
    return `${this.baseUrl}/respond/${++this.responseUrlSeq}`;
  }

  // ---------------------------------------------------------------- workspace setup

  addUserGroup(id: string, members: string[]): void {
    this.userGroups.set(id, [...members]);
  }

  addUser(u: { id: string; name: string; real_name?: string; is_bot?: boolean; deleted?: boolean; email?: string; tz?: string; tz_offset?: number }): FakeUser {
    const realName = u.real_name ?? u.name;
    const user: FakeUser = {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      real_name: realName,
      is_bot: u.is_bot ?? false,
      deleted: u.deleted ?? false,
      tz: u.tz ?? 'Europe/London',
      tz_label: u.tz ?? 'Europe/London',
      tz_offset: u.tz_offset ?? 0,
      profile: {
        real_name: realName,
        display_name: u.name,
        real_name_normalized: realName,
        display_name_normalized: u.name,
        ...(u.email ? { email: u.email } : {}),
        team: this.teamId,
      },
    };
    this.users.set(u.id, user);
    return user;
  }

  /** A channel as if someone made it in Slack; the bot is a member unless `botIsMember: false`. */
  addChannel(c: { id?: string; name: string; is_private?: boolean; members?: string[]; botIsMember?: boolean; topic?: string; purpose?: string }): FakeChannel {
    if (this.channelByName(c.name)) throw new Error(`FakeSlack.addChannel: a channel named '${c.name}' already exists`);
    const members = [...(c.members ?? []), ...(c.botIsMember === false ? [] : [this.botUserId])];
    const ch = this.newChannel({ id: c.id ?? this.nextId('C'), name: c.name, is_private: c.is_private ?? false, creator: c.members?.[0] ?? 'UADMIN', members });
    if (c.topic) ch.topic.value = c.topic;
    if (c.purpose) ch.purpose.value = c.purpose;
    return ch;
  }

  archiveChannel(id: string): void {
    this.requireChannel(id).is_archived = true;
  }

  getChannel(id: string): FakeChannel | undefined {
    return this.channels.get(id);
  }

  channelByName(name: string): FakeChannel | undefined {
    const bare = name.replace(/^#/, '');
    return [...this.channels.values()].find((c) => !c.is_im && !c.is_mpim && c.name === bare);
  }

  /** Stable DM channel id for a user (the same id conversations.open answers). */
  dmChannelId(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** Stored messages of a channel (replies included, oldest first), each with its `channel`. */
  messages(channel: string, opts: { thread_ts?: string } = {}): Array<StoredMessage & { channel: string }> {
    const ch = this.requireChannel(channel);
    return ch.messages
      .filter((m) => opts.thread_ts === undefined || m.ts === opts.thread_ts || m.thread_ts === opts.thread_ts)
      .map((m) => ({ ...this.present(ch, m), channel: ch.id }));
  }

  findMessage(channel: string, ts: string): (StoredMessage & { channel: string }) | undefined {
    const ch = this.channels.get(channel);
    const m = ch?.messages.find((x) => x.ts === ts);
    return ch && m ? { ...this.present(ch, m), channel: ch.id } : undefined;
  }

  /** A message a person typed: stored in history, answered with the Events API `event` Slack would send. */
  postUserMessage(input: UserMessageInput): { ts: string; event: any } {
    const ch = this.requireChannel(input.channel);
    const user = this.userOrAuto(input.user);
    if (!user) throw new Error(`FakeSlack.postUserMessage: unknown user ${input.user}`);
    ch.members.add(user.id); // only members can post; keeps conversations.members honest
    const ts = this.nextTs();
    const msg: StoredMessage = { client_msg_id: randomUUID(), type: 'message', text: input.text, user: user.id, ts, team: this.teamId };
    if (input.text !== '') msg.blocks = richTextBlocks(input.text);
    if (input.files?.length) {
      msg.files = input.files.map((f) => this.storeFile({ ...f, user: user.id, bytes: Buffer.from(f.content ?? '') }));
      msg.upload = false;
    }
    if (input.thread_ts) {
      const parent = this.requireMessage(ch, input.thread_ts);
      msg.thread_ts = parent.thread_ts ?? parent.ts;
      msg.parent_user_id = this.requireMessage(ch, msg.thread_ts).user;
    }
    this.insertMessage(ch, msg);
    const event: any = { ...clone(msg), channel: ch.id, event_ts: ts, channel_type: this.channelType(ch) };
    if (msg.files) event.subtype = 'file_share';
    return { ts, event };
  }

  /** Edits a person's message; returns the `message_changed` event. */
  editUserMessage(channel: string, ts: string, newText: string): any {
    const ch = this.requireChannel(channel);
    const msg = this.requireMessage(ch, ts);
    const previous = clone(msg);
    const eventTs = this.nextTs();
    msg.text = newText;
    msg.blocks = richTextBlocks(newText);
    msg.edited = { user: msg.user, ts: `${eventTs.split('.')[0]}.000000` };
    msg.source_team = this.teamId;
    msg.user_team = this.teamId;
    return {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      message: this.present(ch, msg),
      channel: ch.id,
      previous_message: previous,
      event_ts: eventTs,
      ts: eventTs,
      channel_type: this.channelType(ch),
    };
  }

  /** Deletes a person's message (a thread parent becomes a tombstone); returns the `message_deleted` event. */
  deleteUserMessage(channel: string, ts: string): any {
    const ch = this.requireChannel(channel);
    const msg = this.requireMessage(ch, ts);
    const previous = this.present(ch, msg);
    this.removeMessage(ch, msg);
    const eventTs = this.nextTs();
    return {
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: ch.id,
      deleted_ts: ts,
      previous_message: previous,
      event_ts: eventTs,
      ts: eventTs,
      channel_type: this.channelType(ch),
    };
  }

  // ---------------------------------------------------------------- HTTP

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', this.baseUrl);
      const answer = await this.route(req, url, raw);
      // A dropped connection: the client sees a reset, no status, no body.
      if (answer.drop) req.socket.destroy();
      else send(res, answer);
    } catch (err) {
      send(res, { status: 500, body: { ok: false, error: 'fake_slack_internal_error', detail: String(err) } });
    }
  }

  private async route(req: IncomingMessage, url: URL, raw: Buffer): Promise<Answer> {
    const [, kind, rest = ''] = url.pathname.match(/^\/([a-z-]+)\/?(.*)$/) ?? [];
    if (kind === 'api' && (req.method === 'POST' || req.method === 'GET')) {
      return this.apiRequest(decodeURIComponent(rest), req, url, raw);
    }
    if (kind === 'upload' && req.method === 'POST') return this.guarded('upload_url', { file_id: rest, length: raw.length }, () => this.receiveUpload(rest, req, raw));
    if (kind === 'respond' && req.method === 'POST') {
      const body = parseLooseBody(req.headers['content-type'], raw);
      return this.guarded('response_url', { ...body, url: `${this.baseUrl}${url.pathname}` }, () => ({ ok: true }));
    }
    if (kind === 'files-pri' && req.method === 'GET') return this.serveFile(rest, req);
    if (kind === 'openid' && rest === 'connect/authorize' && req.method === 'GET') {
      return this.guarded('openid.connect.authorize', Object.fromEntries(url.searchParams), () => ({ ok: true })).then(() => this.oidc.authorize(url) as Answer);
    }
    return { status: 404, body: { ok: false, error: 'not_found', path: url.pathname } };
  }

  private async apiRequest(method: string, req: IncomingMessage, url: URL, raw: Buffer): Promise<Answer> {
    let args: SlackArgs;
    try {
      args = { ...Object.fromEntries(url.searchParams), ...(await parseApiBody(req.headers['content-type'], raw)) };
    } catch {
      return { status: 200, body: { ok: false, error: 'invalid_json' } };
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    return this.guarded(method, args, () => this.dispatch(method, args, token), token);
  }

  /** Records the call, then applies outage, delay and failure injection before the real handler. */
  private async guarded(method: string, args: SlackArgs, handle: () => SlackBody | Promise<SlackBody>, token?: string): Promise<Answer> {
    const call = this.record(method, args, token);
    const delay = (this.delays.get(method)?.shift() ?? 0) + this.latencyMs;
    if (delay) await sleep(delay);
    const hangs = this.hangs.get(method) ?? 0;
    if (hangs > 0) {
      this.hangs.set(method, hangs - 1);
      await new Promise<void>((release) => this.held.push({ method, call, release }));
    }
    let answer = this.down ? { status: 503, body: { ok: false, error: 'service_unavailable' } } : this.injectedOr(method, handle, args);
    // Only async handlers are awaited, so a sync answer is on the record before any waiter resumes.
    if (answer instanceof Promise) answer = await answer;
    call.status = answer.status;
    call.response = answer.body;
    return answer;
  }

  /** The real answer, or the failure injected for `method`; an `afterWrite` failure runs the handler first. */
  private injectedOr(method: string, handle: () => SlackBody | Promise<SlackBody>, args: SlackArgs): Answer | Promise<Answer> {
    const targeted = this.targetedFailures.findIndex((t) => t.method === method && t.match(args));
    const failure = targeted >= 0 ? this.targetedFailures.splice(targeted, 1)[0]!.failure : this.failures.get(method)?.shift();
    if (!failure) return this.answer(handle);
    const failed = this.failureAnswer(failure);
    if (!('afterWrite' in failure && failure.afterWrite)) return failed;
    const performed = this.answer(handle);
    return performed instanceof Promise ? performed.then(() => failed) : failed;
  }

  private failureAnswer(failure: Failure): Answer {
    if ('drop' in failure) return { status: 0, body: undefined, drop: true };
    if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
    const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {};
    const error = failure.status === 429 ? 'ratelimited' : 'internal_error';
    return { status: failure.status, body: { ok: false, error }, headers };
  }

  private answer(handle: () => SlackBody | Promise<SlackBody>): Answer | Promise<Answer> {
    const ok = (body: SlackBody): Answer => ({ status: 200, body });
    try {
      const body = handle();
      return body instanceof Promise ? body.then(ok, errorAnswer) : ok(body);
    } catch (err) {
      return errorAnswer(err);
    }
  }

  private dispatch(method: string, args: SlackArgs, token: string | undefined): SlackBody {
    // Sign in with Slack: the client's id and secret, then the person's own access token.
    if (method === 'openid.connect.token') return this.oidc.token(args) as SlackBody;
    if (method === 'openid.connect.userInfo') return this.oidc.userInfo(token) as SlackBody;
    if (token === undefined || token === '') throw fail('not_authed');
    // Socket Mode: the app-level token asks for a WebSocket URL (served by FakeSocketMode).
    if (method === 'apps.connections.open') {
      if (!this.socketModeUrl || token !== this.appToken) throw fail('invalid_auth');
      return { ok: true, url: this.socketModeUrl };
    }
    if (token !== this.botToken) throw fail('invalid_auth');
    const handler = this.api[method];
    return handler ? handler(args) : { ok: true };
  }

  // ---------------------------------------------------------------- Web API methods

  private readonly api: Record<string, (a: SlackArgs) => SlackBody> = {
    'auth.test': () => ({
      ok: true,
      url: this.workspaceUrl,
      team: this.teamName,
      user: this.users.get(this.botUserId)?.name ?? 'sitrep',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    }),

    'users.info': (a) => {
      const user = this.userOrAuto(String(a.user ?? ''));
      if (!user) throw fail('user_not_found');
      return { ok: true, user: clone(user) };
    },
    'users.lookupByEmail': (a) => {
      const user = [...this.users.values()].find((u) => u.profile.email === a.email);
      if (!user) throw fail('users_not_found');
      return { ok: true, user: clone(user) };
    },
    'users.list': (a) => this.page([...this.users.values()].map((u) => clone(u)), a, 'members'),

    'conversations.create': (a) => this.createChannel(a),
    'conversations.info': (a) => ({ ok: true, channel: this.channelView(this.readableChannel(a.channel), truthy(a.include_num_members)) }),
    'conversations.list': (a) => {
      const types = listArg(a.types ?? 'public_channel');
      const wanted = [...this.channels.values()].filter(
        (c) =>
          !(truthy(a.exclude_archived) && c.is_archived) &&
          ((types.includes('public_channel') && !c.is_private && !c.is_im && !c.is_mpim) ||
            (types.includes('private_channel') && c.is_private && c.members.has(this.botUserId)) ||
            (types.includes('im') && c.is_im) ||
            (types.includes('mpim') && c.is_mpim)),
      );
      return this.page(wanted.map((c) => this.channelView(c, true)), a, 'channels');
    },
    'conversations.members': (a) => this.page([...this.readableChannel(a.channel).members], a, 'members'),
    // With a bot token, a user's private channels only where the bot is a member too.
    'users.conversations': (a) => {
      const user = String(a.user ?? '');
      if (!this.userOrAuto(user)) throw fail('user_not_found');
      const types = listArg(a.types ?? 'public_channel');
      const wanted = [...this.channels.values()].filter(
        (c) =>
          c.members.has(user) &&
          !(truthy(a.exclude_archived) && c.is_archived) &&
          ((types.includes('public_channel') && !c.is_private && !c.is_im && !c.is_mpim) || (types.includes('private_channel') && c.is_private && c.members.has(this.botUserId))),
      );
      return this.page(wanted.map((c) => this.channelView(c, false)), a, 'channels');
    },
    'conversations.invite': (a) => this.invite(a),
    'conversations.kick': (a) => {
      const ch = this.writableChannel(a.channel);
      if (!ch.members.delete(String(a.user))) throw fail('not_in_channel');
      return { ok: true };
    },
    'conversations.join': (a) => {
      const ch = this.requireChannel(a.channel);
      if (ch.is_private || ch.is_im) throw fail('method_not_supported_for_channel_type');
      if (ch.is_archived) throw fail('is_archived');
      const already = ch.members.has(this.botUserId);
      ch.members.add(this.botUserId);
      return { ok: true, channel: this.channelView(ch), ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}) };
    },
    'conversations.leave': (a) => {
      const ch = this.requireChannel(a.channel);
      return ch.members.delete(this.botUserId) ? { ok: true } : { ok: false, not_in_channel: true };
    },
    'conversations.setTopic': (a) => this.setTopicOrPurpose(a, 'topic', 250),
    'conversations.setPurpose': (a) => this.setTopicOrPurpose(a, 'purpose', 250),
    'conversations.archive': (a) => {
      const ch = this.writableChannel(a.channel);
      if (ch.is_im) throw fail('method_not_supported_for_channel_type');
      ch.is_archived = true;
      return { ok: true };
    },
    'conversations.unarchive': (a) => {
      const ch = this.requireChannel(a.channel);
      if (!ch.is_archived) throw fail('not_archived');
      ch.is_archived = false;
      return { ok: true };
    },
    'conversations.rename': (a) => {
      const ch = this.writableChannel(a.channel);
      const name = this.validChannelName(a.name);
      ch.name = name;
      return { ok: true, channel: this.channelView(ch) };
    },
    'conversations.open': (a) => this.openConversation(a),
    'conversations.history': (a) => this.history(a),
    'conversations.replies': (a) => this.replies(a),

    'chat.postMessage': (a) => this.postMessage(a),
    'chat.update': (a) => this.updateMessage(a),
    'chat.delete': (a) => {
      const ch = this.requireChannel(a.channel);
      const msg = this.requireMessage(ch, String(a.ts ?? ''));
      if (msg.user !== this.botUserId) throw fail('cant_delete_message');
      this.removeMessage(ch, msg);
      return { ok: true, channel: ch.id, ts: msg.ts };
    },
    'chat.postEphemeral': (a) => {
      const ch = this.postableChannel(a.channel);
      if (!a.user) throw fail('user_not_found');
      if (!a.text && !a.blocks?.length && !a.attachments?.length) throw fail('no_text');
      validateBlocks(a.blocks, 50, '/blocks');
      const messageTs = this.nextTs();
      this.ephemerals.push({ channel: ch.id, user: String(a.user), text: a.text, blocks: a.blocks, message_ts: messageTs });
      return { ok: true, message_ts: messageTs };
    },
    'chat.getPermalink': (a) => {
      const ch = this.requireChannel(a.channel);
      const msg = this.requireMessage(ch, String(a.message_ts ?? ''));
      const base = `${this.workspaceUrl}archives/${ch.id}/p${msg.ts.replace('.', '')}`;
      const inThread = msg.thread_ts && msg.thread_ts !== msg.ts;
      return { ok: true, channel: ch.id, permalink: inThread ? `${base}?thread_ts=${msg.thread_ts}&cid=${ch.id}` : base };
    },

    'pins.add': (a) => {
      const ch = this.writableChannel(a.channel);
      const msg = this.requireMessage(ch, String(a.timestamp ?? ''));
      if (ch.pins.has(msg.ts)) throw fail('already_pinned');
      ch.pins.add(msg.ts);
      return { ok: true };
    },
    'pins.remove': (a) => {
      const ch = this.requireChannel(a.channel);
      if (!ch.pins.delete(String(a.timestamp ?? ''))) throw fail('no_pin');
      return { ok: true };
    },
    'pins.list': (a) => {
      const ch = this.readableChannel(a.channel);
      const items = [...ch.pins].map((ts) => ({ type: 'message', channel: ch.id, created: Math.floor(Date.now() / 1000), created_by: this.botUserId, message: this.present(ch, this.requireMessage(ch, ts)) }));
      return { ok: true, items };
    },
    'reactions.add': (a) => this.react(a, true),
    'reactions.remove': (a) => this.react(a, false),

    'bookmarks.add': (a) => {
      const ch = this.writableChannel(a.channel_id);
      if (!a.title || !a.type) throw fail('invalid_arguments');
      return { ok: true, bookmark: { id: this.nextId('Bk'), channel_id: ch.id, title: a.title, link: a.link ?? '', emoji: a.emoji ?? null, icon_url: null, type: a.type, entity_id: null, date_created: Math.floor(Date.now() / 1000), date_updated: 0, rank: 'U', last_updated_by_user_id: this.botUserId, last_updated_by_team_id: this.teamId, shortcut_id: null, app_id: this.appId } };
    },
    'usergroups.users.list': (a) => {
      const members = this.userGroups.get(String(a.usergroup ?? ''));
      if (!members) throw fail('no_such_subteam');
      return { ok: true, users: [...members] };
    },
    'canvases.create': () => ({ ok: true, canvas_id: this.nextId('F') }),

    'views.open': (a) => this.openView(a, 'views.open'),
    'views.push': (a) => this.openView(a, 'views.push'),
    'views.update': (a) => this.updateView(a),
    'views.publish': (a) => this.publishView(a),

    'files.getUploadURLExternal': (a) => {
      const length = Number(a.length);
      if (!a.filename || !Number.isFinite(length) || length < 0) throw fail('invalid_arguments');
      const fileId = this.nextId('F');
      this.pendingUploads.set(fileId, { filename: String(a.filename), length });
      return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (a) => this.completeUpload(a),
    'files.info': (a) => {
      const f = this.fileObjects.get(String(a.file ?? ''));
      if (!f) throw fail('file_not_found');
      return { ok: true, file: clone(f.meta), content: f.bytes.toString('utf8') };
    },
  };

  // ---------------------------------------------------------------- channels

  private newChannel(c: { id: string; name: string; is_private: boolean; creator: string; members: string[]; is_im?: boolean; is_mpim?: boolean; user?: string }): FakeChannel {
    const now = Math.floor(Date.now() / 1000);
    const ch: FakeChannel = {
      id: c.id,
      name: c.name,
      is_private: c.is_private,
      is_im: c.is_im ?? false,
      is_mpim: c.is_mpim ?? false,
      is_archived: false,
      created: now,
      creator: c.creator,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      members: new Set(c.members),
      messages: [],
      pins: new Set(),
      ...(c.user ? { user: c.user } : {}),
    };
    this.channels.set(ch.id, ch);
    return ch;
  }

  private validChannelName(raw: unknown): string {
    const name = String(raw ?? '');
    if (name === '') throw fail('invalid_name_required');
    if (name.length > 80) throw fail('invalid_name_maxlength');
    if (!CHANNEL_NAME.test(name)) throw fail('invalid_name_specials');
    if (this.channelByName(name)) throw fail('name_taken');
    return name;
  }

  private createChannel(a: SlackArgs): SlackBody {
    const name = this.validChannelName(a.name);
    const ch = this.newChannel({ id: this.nextId('C'), name, is_private: truthy(a.is_private), creator: this.botUserId, members: [this.botUserId] });
    return { ok: true, channel: { ...this.channelView(ch), last_read: '0000000000.000000', latest: null, unread_count: 0, unread_count_display: 0, priority: 0 } };
  }

  /** Shape of web-api/conversations.info.zulip.json (plus is_member). */
  private channelView(ch: FakeChannel, withCount = false): SlackBody {
    if (ch.is_im) {
      return { id: ch.id, created: ch.created, is_im: true, is_org_shared: false, user: ch.user, is_user_deleted: false, priority: 0 };
    }
    return {
      id: ch.id,
      name: ch.name,
      is_channel: !ch.is_mpim,
      is_group: false,
      is_im: false,
      is_mpim: ch.is_mpim,
      is_private: ch.is_private,
      created: ch.created,
      is_archived: ch.is_archived,
      is_general: ch.name === 'general',
      unlinked: 0,
      name_normalized: ch.name,
      is_shared: false,
      is_frozen: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: this.teamId,
      updated: Date.now(),
      parent_conversation: null,
      creator: ch.creator,
      is_ext_shared: false,
      shared_team_ids: [this.teamId],
      pending_connected_team_ids: [],
      is_member: ch.members.has(this.botUserId),
      topic: { ...ch.topic },
      purpose: { ...ch.purpose },
      previous_names: [],
      ...(withCount ? { num_members: ch.members.size } : {}),
    };
  }

  private requireChannel(id: unknown): FakeChannel {
    const ch = this.channels.get(String(id ?? ''));
    if (!ch) throw fail('channel_not_found');
    return ch;
  }

  /** Private channels the bot is not in do not exist as far as the bot can tell. */
  private readableChannel(id: unknown): FakeChannel {
    const ch = this.requireChannel(id);
    if ((ch.is_private || ch.is_mpim) && !ch.members.has(this.botUserId)) throw fail('channel_not_found');
    return ch;
  }

  private writableChannel(id: unknown): FakeChannel {
    const ch = this.readableChannel(id);
    if (ch.is_archived) throw fail('is_archived');
    if (!ch.members.has(this.botUserId)) throw fail('not_in_channel');
    return ch;
  }

  /** chat.* targets: channel id, `#name`, or a user id meaning that user's DM. */
  private postableChannel(target: unknown): FakeChannel {
    const id = String(target ?? '');
    if (USER_ID.test(id) && !this.channels.has(id)) {
      if (!this.userOrAuto(id)) throw fail('channel_not_found');
      return this.openDm(id);
    }
    const ch = this.channels.get(id) ?? (id.startsWith('#') ? this.channelByName(id) : undefined);
    if (!ch) throw fail('channel_not_found');
    if (ch.is_archived) throw fail('is_archived');
    // Public channels accept posts from non-members (chat:write.public); private ones do not.
    if ((ch.is_private || ch.is_mpim) && !ch.members.has(this.botUserId)) throw fail('not_in_channel');
    return ch;
  }

  private channelType(ch: FakeChannel): 'channel' | 'group' | 'im' | 'mpim' {
    if (ch.is_im) return 'im';
    if (ch.is_mpim) return 'mpim';
    return ch.is_private ? 'group' : 'channel';
  }

  private invite(a: SlackArgs): SlackBody {
    const ch = this.requireChannel(a.channel);
    if (ch.is_archived) throw fail('is_archived');
    if (ch.is_im) throw fail('method_not_supported_for_channel_type');
    if (!ch.members.has(this.botUserId)) throw fail(ch.is_private ? 'channel_not_found' : 'not_in_channel');
    const ids = listArg(a.users);
    if (ids.length === 0) throw fail('no_user');
    if (ids.includes(this.botUserId)) throw fail('cant_invite_self');
    for (const id of ids) {
      const user = this.userOrAuto(id);
      if (!user) throw fail('user_not_found');
      if (user.deleted) throw fail('cant_invite'); // deactivated accounts cannot be invited
    }
    if (ids.every((id) => ch.members.has(id))) throw fail('already_in_channel');
    ids.forEach((id) => ch.members.add(id));
    return { ok: true, channel: this.channelView(ch, true) };
  }

  private setTopicOrPurpose(a: SlackArgs, field: 'topic' | 'purpose', max: number): SlackBody {
    const ch = this.writableChannel(a.channel);
    const value = String(a[field] ?? '');
    if (value.length > max) throw fail('too_long');
    ch[field] = { value, creator: this.botUserId, last_set: Math.floor(Date.now() / 1000) };
    return { ok: true, channel: this.channelView(ch) };
  }

  private openDm(userId: string): FakeChannel {
    const id = this.dmChannelId(userId);
    return this.channels.get(id) ?? this.newChannel({ id, name: id, is_private: true, is_im: true, creator: this.botUserId, members: [this.botUserId, userId], user: userId });
  }

  private openConversation(a: SlackArgs): SlackBody {
    if (a.channel) return { ok: true, no_op: true, already_open: true, channel: { id: this.requireChannel(a.channel).id } };
    const ids = listArg(a.users).filter((id) => id !== this.botUserId);
    if (ids.length === 0) throw fail('users_list_not_supplied');
    for (const id of ids) if (!this.userOrAuto(id)) throw fail('user_not_found');
    if (ids.length === 1) {
      const existed = this.channels.has(this.dmChannelId(ids[0]!));
      const ch = this.openDm(ids[0]!);
      return { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: truthy(a.return_im) ? this.channelView(ch) : { id: ch.id } };
    }
    const key = `mpdm-${[...ids].sort().join('--')}-1`;
    const ch = [...this.channels.values()].find((c) => c.is_mpim && c.name === key) ?? this.newChannel({ id: this.nextId('G'), name: key, is_private: true, is_mpim: true, creator: this.botUserId, members: [this.botUserId, ...ids] });
    return { ok: true, channel: { id: ch.id } };
  }

  // ---------------------------------------------------------------- messages

  private postMessage(a: SlackArgs): SlackBody {
    const ch = this.postableChannel(a.channel);
    const hasBlocks = Array.isArray(a.blocks) && a.blocks.length > 0;
    if (!a.text && !hasBlocks && !(Array.isArray(a.attachments) && a.attachments.length)) throw fail('no_text');
    if (typeof a.text === 'string' && a.text.length > 40000) throw fail('msg_too_long');
    validateBlocks(a.blocks, 50, '/blocks');
    const msg = this.botMessage(a);
    if (a.thread_ts) {
      const parent = this.requireMessage(ch, String(a.thread_ts));
      msg.thread_ts = parent.thread_ts ?? parent.ts;
      msg.parent_user_id = this.requireMessage(ch, msg.thread_ts).user;
      if (truthy(a.reply_broadcast)) msg.subtype = 'thread_broadcast';
    }
    this.insertMessage(ch, msg);
    return { ok: true, channel: ch.id, ts: msg.ts, message: this.present(ch, msg) };
  }

  /** A message as a bot token posts it: user is the bot user, with bot_id/app_id/bot_profile. */
  private botMessage(a: SlackArgs): StoredMessage {
    const msg: StoredMessage = {
      user: this.botUserId,
      type: 'message',
      ts: this.nextTs(),
      bot_id: this.botId,
      app_id: this.appId,
      text: String(a.text ?? ''),
      team: this.teamId,
      bot_profile: { id: this.botId, app_id: this.appId, name: 'Sitrep', deleted: false, team_id: this.teamId },
    };
    if (Array.isArray(a.blocks)) msg.blocks = withBlockIds(a.blocks);
    if (Array.isArray(a.attachments)) msg.attachments = a.attachments;
    if (a.metadata) msg.metadata = a.metadata;
    return msg;
  }

  private updateMessage(a: SlackArgs): SlackBody {
    const ch = this.requireChannel(a.channel);
    const msg = this.requireMessage(ch, String(a.ts ?? ''));
    if (msg.user !== this.botUserId) throw fail('cant_update_message');
    if (ch.is_archived) throw fail('is_archived');
    validateBlocks(a.blocks, 50, '/blocks');
    // Fields left out keep their previous value, as Slack documents for chat.update.
    if (a.text !== undefined) msg.text = String(a.text);
    if (a.blocks !== undefined) msg.blocks = withBlockIds(a.blocks);
    if (a.attachments !== undefined) msg.attachments = a.attachments;
    if (a.metadata !== undefined) msg.metadata = a.metadata;
    msg.edited = { user: this.botUserId, ts: `${Math.floor(Date.now() / 1000)}.000000` };
    return { ok: true, channel: ch.id, ts: msg.ts, text: msg.text, message: this.present(ch, msg) };
  }

  private react(a: SlackArgs, add: boolean): SlackBody {
    const ch = this.readableChannel(a.channel);
    const msg = this.requireMessage(ch, String(a.timestamp ?? ''));
    const name = String(a.name ?? '');
    if (!name) throw fail('invalid_name');
    const reactions: Array<{ name: string; users: string[]; count: number }> = (msg.reactions ??= []);
    const r = reactions.find((x) => x.name === name);
    if (add) {
      if (r?.users.includes(this.botUserId)) throw fail('already_reacted');
      if (r) r.users.push(this.botUserId);
      else reactions.push({ name, users: [this.botUserId], count: 0 });
    } else {
      if (!r?.users.includes(this.botUserId)) throw fail('no_reaction');
      r.users = r.users.filter((u) => u !== this.botUserId);
    }
    msg.reactions = reactions.map((x) => ({ ...x, count: x.users.length })).filter((x) => x.count > 0);
    return { ok: true };
  }

  /** Keeps the channel in ts order; new messages usually go last, so benchmarks' long channels stay cheap. */
  private insertMessage(ch: FakeChannel, msg: StoredMessage): void {
    const key = tsKey(msg.ts);
    let low = 0;
    let high = ch.messages.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (tsKey(ch.messages[middle]!.ts) <= key) low = middle + 1;
      else high = middle;
    }
    ch.messages.splice(low, 0, msg);
  }

  private removeMessage(ch: FakeChannel, msg: StoredMessage): void {
    const hasReplies = ch.messages.some((m) => m.thread_ts === msg.ts && m.ts !== msg.ts);
    if (hasReplies) {
      // Slack keeps a deleted thread parent as a tombstone so the replies stay reachable.
      for (const k of Object.keys(msg)) if (!['type', 'ts', 'thread_ts'].includes(k)) delete msg[k];
      Object.assign(msg, { subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT', hidden: true });
    } else {
      ch.messages.splice(ch.messages.indexOf(msg), 1);
    }
    ch.pins.delete(msg.ts);
  }

  private requireMessage(ch: FakeChannel, ts: string): StoredMessage {
    const msg = ch.messages.find((m) => m.ts === ts);
    if (!msg) throw fail(ts ? 'message_not_found' : 'invalid_arguments');
    return msg;
  }

  /** A stored message as the API shows it: thread parents carry thread_ts/reply_count/latest_reply. */
  private present(ch: FakeChannel, m: StoredMessage): StoredMessage {
    const out = clone(m);
    const replies = ch.messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    if (replies.length) {
      const replyUsers = [...new Set(replies.map((r) => r.user).filter((u): u is string => !!u))];
      Object.assign(out, {
        thread_ts: m.ts,
        reply_count: replies.length,
        reply_users_count: replyUsers.length,
        latest_reply: replies[replies.length - 1]!.ts,
        reply_users: replyUsers,
        is_locked: false,
        subscribed: false,
      });
    }
    return out;
  }

  private history(a: SlackArgs): SlackBody {
    const ch = this.readableChannel(a.channel);
    if (!ch.is_im && !ch.members.has(this.botUserId)) throw fail('not_in_channel');
    const limit = intArg(a.limit, 100, 999);
    const before = decodeCursor(a.cursor, 'next_ts:');
    const inRange = this.tsRange(a);
    const topLevel = ch.messages
      .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
      .filter((m) => inRange(m.ts) && (before === undefined || tsKey(m.ts) <= tsKey(before)))
      .reverse();
    const pageItems = topLevel.slice(0, limit);
    const next = topLevel[limit];
    return {
      ok: true,
      messages: pageItems.map((m) => this.present(ch, m)),
      has_more: next !== undefined,
      pin_count: ch.pins.size,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: { next_cursor: next ? encodeCursor(`next_ts:${next.ts}`) : '' },
    };
  }

  private replies(a: SlackArgs): SlackBody {
    const ch = this.readableChannel(a.channel);
    const asked = ch.messages.find((m) => m.ts === a.ts);
    if (!asked) throw fail('thread_not_found');
    const parent = this.requireMessage(ch, asked.thread_ts ?? asked.ts);
    const limit = intArg(a.limit, 1000, 1000);
    const from = decodeCursor(a.cursor, 'next_ts:');
    const inRange = this.tsRange(a);
    const replies = ch.messages.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts && inRange(m.ts) && (from === undefined || tsKey(m.ts) >= tsKey(from)));
    // Slack repeats the parent at the top of every page.
    const pageItems = replies.slice(0, Math.max(1, limit - 1));
    const next = replies[pageItems.length];
    return {
      ok: true,
      messages: [this.present(ch, parent), ...pageItems.map((m) => this.present(ch, m))],
      has_more: next !== undefined,
      response_metadata: { next_cursor: next ? encodeCursor(`next_ts:${next.ts}`) : '' },
    };
  }

  /** oldest is exclusive and latest exclusive unless `inclusive`, as Slack documents. */
  private tsRange(a: SlackArgs): (ts: string) => boolean {
    const inclusive = truthy(a.inclusive);
    const oldest = a.oldest !== undefined && a.oldest !== '' ? tsKey(a.oldest) : undefined;
    const latest = a.latest !== undefined && a.latest !== '' ? tsKey(a.latest) : undefined;
    return (ts) => {
      const k = tsKey(ts);
      if (oldest !== undefined && (inclusive ? k < oldest : k <= oldest)) return false;
      if (latest !== undefined && (inclusive ? k > latest : k >= latest)) return false;
      return true;
    };
  }

  /** Generic cursor pagination by offset for list methods. */
  private page<T>(items: T[], a: SlackArgs, key: string): SlackBody {
    const offset = Number(decodeCursor(a.cursor, 'offset:') ?? 0);
    const limit = intArg(a.limit, 100, 1000);
    const next = offset + limit < items.length ? encodeCursor(`offset:${offset + limit}`) : '';
    return { ok: true, [key]: items.slice(offset, offset + limit), response_metadata: { next_cursor: next } };
  }

  // ---------------------------------------------------------------- views

  private checkView(view: any, modal: boolean): void {
    if (!view || typeof view !== 'object' || typeof view.type !== 'string') throw fail('invalid_arguments', ['[ERROR] missing required field: view']);
    const errors: string[] = [];
    if (modal && !view.title?.text) errors.push('[ERROR] missing required field: title [json-pointer:/view/title]');
    if (typeof view.title?.text === 'string' && view.title.text.length > 24) errors.push('[ERROR] must be less than 25 characters [json-pointer:/view/title/text]');
    if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) errors.push('[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]');
    if (typeof view.callback_id === 'string' && view.callback_id.length > 255) errors.push('[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]');
    if (errors.length) throw fail('invalid_arguments', errors);
    validateBlocks(view.blocks, 100, '/view/blocks');
  }

  /** The view object Slack answers with: defaults, then the app's view, then Slack-owned fields. */
  private viewObject(view: any, id: string, extra: SlackBody = {}): any {
    return {
      id,
      team_id: this.teamId,
      type: view.type,
      blocks: [],
      private_metadata: '',
      callback_id: '',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
      ...view,
      ...(Array.isArray(view.blocks) ? { blocks: withBlockIds(view.blocks) } : {}),
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      ...extra,
    };
  }

  private openView(a: SlackArgs, method: 'views.open' | 'views.push'): SlackBody {
    const trigger = String(a.trigger_id ?? '');
    if (trigger === '') throw fail('invalid_trigger_id');
    if (this.expiredTriggers.has(trigger)) throw fail('expired_trigger_id');
    this.checkView(a.view, true);
    const id = this.nextId('V');
    const view = this.viewObject(a.view, id, method === 'views.push' ? { previous_view_id: null } : {});
    this.views.set(id, view);
    return { ok: true, view: clone(view) };
  }

  private updateView(a: SlackArgs): SlackBody {
    const existing = a.view_id ? this.views.get(String(a.view_id)) : [...this.views.values()].find((v) => a.external_id && v.external_id === a.external_id);
    if (!existing) throw fail('not_found');
    if (a.hash && a.hash !== existing.hash) throw fail('hash_conflict');
    this.checkView(a.view, existing.type === 'modal');
    const view = this.viewObject(a.view, existing.id, { root_view_id: existing.root_view_id, previous_view_id: existing.previous_view_id });
    this.views.set(existing.id, view);
    return { ok: true, view: clone(view) };
  }

  private publishView(a: SlackArgs): SlackBody {
    const userId = String(a.user_id ?? '');
    if (!this.userOrAuto(userId)) throw fail('invalid_arguments', ['[ERROR] invalid `user_id`']);
    this.checkView(a.view, false);
    const previous = this.homeViews.get(userId);
    if (a.hash && previous && a.hash !== previous.hash) throw fail('hash_conflict');
    const view = this.viewObject(a.view, previous?.id ?? this.nextId('V'));
    this.homeViews.set(userId, view);
    return { ok: true, view: clone(view) };
  }

  // ---------------------------------------------------------------- files

  private async receiveUpload(fileId: string, req: IncomingMessage, raw: Buffer): Promise<SlackBody> {
    const pending = this.pendingUploads.get(fileId);
    if (!pending) throw fail('file_not_found');
    pending.bytes = await uploadedBytes(req.headers['content-type'], raw);
    return { ok: true };
  }

  private completeUpload(a: SlackArgs): SlackBody {
    const files: Array<{ id: string; title?: string }> = Array.isArray(a.files) ? a.files : [];
    if (files.length === 0) throw fail('invalid_arguments');
    for (const f of files) if (!this.pendingUploads.get(f.id)?.bytes) throw fail('file_not_found');
    const channel = a.channel_id ? this.writableChannel(a.channel_id) : undefined;
    const thread = channel && a.thread_ts ? this.requireMessage(channel, String(a.thread_ts)) : undefined;
    const done = files.map((f) => {
      const pending = this.pendingUploads.get(f.id)!;
      this.pendingUploads.delete(f.id);
      const title = f.title ?? pending.filename;
      const meta = this.storeFile({ id: f.id, name: pending.filename, title, user: this.botUserId, bytes: pending.bytes! });
      this.uploadedFiles.push({
        id: f.id,
        filename: pending.filename,
        title,
        content: pending.bytes!.toString('utf8'),
        bytes: pending.bytes!,
        ...(channel ? { channelId: channel.id } : {}),
        ...(a.initial_comment !== undefined ? { initialComment: String(a.initial_comment) } : {}),
        ...(thread ? { threadTs: thread.thread_ts ?? thread.ts } : {}),
      });
      return meta;
    });
    if (channel) {
      // Sharing to a channel posts a message carrying the files, as Slack does.
      const msg = this.botMessage({ text: a.initial_comment ?? '', blocks: a.blocks });
      Object.assign(msg, { files: clone(done), upload: true, display_as_bot: false });
      if (thread) Object.assign(msg, { thread_ts: thread.thread_ts ?? thread.ts, parent_user_id: thread.user });
      this.insertMessage(channel, msg);
    }
    return { ok: true, files: done };
  }

  /** File object shaped like message.file_share.zulip.json, downloadable from this fake. */
  private storeFile(f: { id?: string; name: string; title?: string; mimetype?: string; user: string; bytes: Buffer }): any {
    const id = f.id ?? this.nextId('F');
    const now = Math.floor(Date.now() / 1000);
    const ext = f.name.includes('.') ? f.name.split('.').pop()!.toLowerCase() : 'text';
    const priv = `${this.baseUrl}/files-pri/${this.teamId}-${id}`;
    const meta = {
      id,
      created: now,
      timestamp: now,
      name: f.name,
      title: f.title ?? f.name,
      mimetype: f.mimetype ?? (ext === 'txt' || ext === 'md' || ext === 'text' ? 'text/plain' : 'application/octet-stream'),
      filetype: ext,
      pretty_type: ext.toUpperCase(),
      user: f.user,
      user_team: this.teamId,
      editable: false,
      size: f.bytes.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: true,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `${priv}/${encodeURIComponent(f.name)}`,
      url_private_download: `${priv}/download/${encodeURIComponent(f.name)}`,
      permalink: `${this.workspaceUrl}files/${f.user}/${id}/${encodeURIComponent(f.name)}`,
      permalink_public: `https://slack-files.com/${this.teamId}-${id}-${randomBytes(5).toString('hex')}`,
      has_rich_preview: false,
      file_access: 'visible',
    };
    this.fileObjects.set(id, { meta, bytes: f.bytes });
    return clone(meta);
  }

  private serveFile(path: string, req: IncomingMessage): Answer {
    const id = path.split('/')[0]?.split('-').slice(1).join('-') ?? '';
    const file = this.fileObjects.get(id);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!file) return { status: 404, body: 'not found' };
    if (bearer !== this.botToken) return { status: 403, body: 'forbidden' };
    return { status: 200, body: file.bytes, headers: { 'Content-Type': file.meta.mimetype } };
  }

  // ---------------------------------------------------------------- ids and users

  /** Known user, or a human auto-created for ids that look like Slack user ids. */
  private userOrAuto(id: string): FakeUser | undefined {
    const known = this.users.get(id);
    if (known) return known;
    return USER_ID.test(id) ? this.addUser({ id, name: id }) : undefined;
  }

  private nextId(prefix: string): string {
    return `${prefix}0${(++this.seq).toString(36).toUpperCase().padStart(7, '0')}`;
  }

  /** Unique, increasing Slack-style ts derived from the clock. */
  private nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 100);
    const secs = Math.floor(this.lastMicros / 1e6);
    return `${secs}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }
}

// ------------------------------------------------------------------ HTTP helpers

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Answer): void {
  const isBytes = Buffer.isBuffer(answer.body);
  const isText = typeof answer.body === 'string';
  const payload = isBytes || isText ? (answer.body as Buffer | string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': isBytes || isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...answer.headers,
  });
  res.end(payload);
}

/** Decodes what the WebClient (form or multipart) or a JSON caller sends, re-parsing JSON fields. */
async function parseApiBody(contentType: string | undefined, raw: Buffer): Promise<SlackArgs> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (raw.length === 0) return {};
  if (type === 'application/json') return JSON.parse(raw.toString('utf8')) as SlackArgs;
  let args: SlackArgs;
  if (type === 'multipart/form-data') {
    args = {};
    for (const [k, v] of await multipartEntries(contentType!, raw)) args[k] = typeof v === 'string' ? v : Buffer.from(await v.arrayBuffer());
  } else {
    args = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  for (const field of JSON_FIELDS) {
    if (typeof args[field] === 'string') {
      try {
        args[field] = JSON.parse(args[field]);
      } catch {
        // Slack would reject it; keep the raw string so the record shows what was sent.
      }
    }
  }
  return args;
}

/** response_url bodies are JSON from Bolt's respond(); tolerate form bodies too. */
function parseLooseBody(contentType: string | undefined, raw: Buffer): SlackArgs {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as SlackArgs;
  } catch {
    return (contentType ?? '').includes('urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : { raw: text };
  }
}

// Node's fetch implementation already parses multipart; reuse it rather than hand-rolling a parser.
async function multipartEntries(contentType: string, raw: Buffer) {
  const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
  return [...form.entries()];
}

/** Upload URL bodies: multipart (the WebClient's `body` file part) or raw bytes. */
async function uploadedBytes(contentType: string | undefined, raw: Buffer): Promise<Buffer> {
  if (!(contentType ?? '').toLowerCase().startsWith('multipart/form-data')) return raw;
  const entries = await multipartEntries(contentType!, raw);
  const filePart = entries.find(([, v]) => typeof v !== 'string') ?? entries[0];
  if (!filePart) return Buffer.alloc(0);
  const value = filePart[1];
  return typeof value === 'string' ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
}
