// Slack's side of the wire: slash commands, interactivity payloads and Events API callbacks,
// shaped like the real payloads in /work/shared/slack-fixtures and signed as Slack signs them.
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlack } from './fake-slack.js';

export interface SlackHttpResult {
  status: number;
  body: string;
  json?: any;
  /** Time to the HTTP answer (Slack gives apps 3 seconds). */
  ms: number;
  headers: Record<string, string>;
}

export interface SlackSenderOptions {
  /** The app's request URL, e.g. http://127.0.0.1:3000/slack/events */
  appUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  teamId?: string;
}

export interface CommandOptions {
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  triggerId?: string;
  command?: string;
  teamId?: string;
}

export interface BlockActionOptions {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  message?: any;
  /** A view (modal or home) the action happened in; the container becomes that view. */
  view?: any;
  triggerId?: string;
  type?: string;
  selectedOption?: { value: string; text?: string };
  /** Extra fields merged into the action (e.g. selected_user for users_select). */
  action?: Record<string, any>;
  /** state.values of the message, for messages holding inputs. */
  stateValues?: Record<string, Record<string, any>>;
}

export interface EventOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  eventTime?: number;
}

const VERIFICATION_TOKEN = 'legacy-verification-token';
const DEFAULT_USER = 'UTESTER';

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A Slack-format timestamp for now, e.g. '1763730000.123000'. */
const nowTs = () => (Date.now() / 1000).toFixed(6);

/** Headers Slack adds: v0 HMAC-SHA256 over `v0:<ts>:<raw body>`. */
export function signRequest(secret: string, rawBody: string, timestampSeconds: number = nowSeconds()): Record<string, string> {
  const hex = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': `v0=${hex}` };
}

// ------------------------------------------------------------------ view state value builders

export const plainText = (value: string | null) => ({ type: 'plain_text_input', value });
export const usersSelect = (userId: string | null) => ({ type: 'users_select', selected_user: userId });
export const multiUsersSelect = (userIds: string[]) => ({ type: 'multi_users_select', selected_users: userIds });
export const conversationsSelect = (channelId: string | null) => ({ type: 'conversations_select', selected_conversation: channelId });
const option = (value: string) => ({ text: { type: 'plain_text', text: value, emoji: true }, value });
export const staticSelect = (value: string | null) => ({ type: 'static_select', selected_option: value ? option(value) : null });
export const radioButtons = (value: string | null) => ({ type: 'radio_buttons', selected_option: value ? option(value) : null });
export const checkboxes = (values: string[]) => ({ type: 'checkboxes', selected_options: values.map(option) });
export const datepicker = (isoDate: string | null) => ({ type: 'datepicker', selected_date: isoDate });
export const datetimepicker = (unixSeconds: number | null) => ({ type: 'datetimepicker', selected_date_time: unixSeconds });
export const timepicker = (hhmm: string | null) => ({ type: 'timepicker', selected_time: hhmm });

/** What Slack sends for an input the user left empty, by element type. */
function emptyValue(type: string): Record<string, any> {
  switch (type) {
    case 'users_select':
      return usersSelect(null);
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: null };
    case 'conversations_select':
      return conversationsSelect(null);
    case 'channels_select':
      return { type, selected_channel: null };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: [] };
    case 'multi_users_select':
      return multiUsersSelect([]);
    case 'datepicker':
      return datepicker(null);
    case 'datetimepicker':
      return datetimepicker(null);
    case 'timepicker':
      return timepicker(null);
    default:
      return { type, value: null };
  }
}

// ------------------------------------------------------------------ event builders

/** reaction_added / reaction_removed, shaped like events/reaction_added.*.json. */
export function reactionEvent(
  type: 'reaction_added' | 'reaction_removed',
  e: { user: string; reaction: string; channel: string; ts: string; item_user?: string },
): Record<string, any> {
  return {
    type,
    user: e.user,
    item: { type: 'message', channel: e.channel, ts: e.ts },
    reaction: e.reaction,
    ...(e.item_user ? { item_user: e.item_user } : {}),
    event_ts: nowTs(),
  };
}

/** app_home_opened for the Home tab, in the user's DM with the app (same id FakeSlack uses). */
export function appHomeOpened(userId: string, opts: { tab?: 'home' | 'messages'; view?: any; channel?: string } = {}): Record<string, any> {
  return {
    type: 'app_home_opened',
    user: userId,
    channel: opts.channel ?? `D${userId.slice(1)}`,
    tab: opts.tab ?? 'home',
    event_ts: nowTs(),
    ...(opts.view ? { view: opts.view } : {}),
  };
}

// ------------------------------------------------------------------ sender

/** Finds a button's real value/block_id in message blocks (actions blocks and section accessories). */
export function findButton(blocks: any[] | undefined, actionId: string): { blockId: string; value?: string; element: any } {
  const seen: string[] = [];
  for (const block of blocks ?? []) {
    const elements = [...(block?.type === 'actions' ? (block.elements ?? []) : []), ...(block?.accessory ? [block.accessory] : [])];
    for (const el of elements) {
      if (typeof el?.action_id === 'string') seen.push(el.action_id);
      if (el?.action_id === actionId) return { blockId: block.block_id, element: el, ...(el.value !== undefined ? { value: el.value } : {}) };
    }
  }
  throw new Error(`No element with action_id '${actionId}' in the message; action ids present: ${seen.length ? seen.join(', ') : '(none)'}`);
}

export class SlackSender {
  readonly appUrl: string;
  readonly teamId: string;
  readonly teamDomain: string;
  private readonly signingSecret: string;
  private readonly fake: FakeSlack;
  private seq = 0;

  constructor(opts: SlackSenderOptions) {
    this.appUrl = opts.appUrl;
    this.signingSecret = opts.signingSecret;
    this.fake = opts.fake;
    this.teamId = opts.teamId ?? opts.fake.teamId;
    this.teamDomain = new URL(opts.fake.workspaceUrl).hostname.split('.')[0] ?? 'sitrep-test';
  }

  /** A trigger id shaped like Slack's (`<n>.<n>.<hex>`), unique per call. */
  newTriggerId(): string {
    return `${Date.now()}${++this.seq}.1761091294307.${randomBytes(16).toString('hex')}`;
  }

  /** Slash command, form-encoded with the fields of slash_command.opsdroid.urlencoded, in its order. */
  async command(text: string, opts: CommandOptions = {}): Promise<SlackHttpResult & { responseUrl: string; triggerId: string }> {
    const userId = opts.userId ?? DEFAULT_USER;
    const channelId = opts.channelId ?? this.fake.channelByName('general')?.id ?? 'C0GENERAL';
    const responseUrl = this.fake.newResponseUrl();
    const triggerId = opts.triggerId ?? this.newTriggerId();
    const body = new URLSearchParams({
      token: VERIFICATION_TOKEN,
      team_id: opts.teamId ?? this.teamId,
      team_domain: this.teamDomain,
      channel_id: channelId,
      channel_name: opts.channelName ?? this.channelName(channelId),
      user_id: userId,
      user_name: opts.userName ?? this.fake.users.get(userId)?.name ?? userId.toLowerCase(),
      command: opts.command ?? '/incident',
      text,
      api_app_id: this.fake.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    }).toString();
    const result = await this.signedRaw(body, 'application/x-www-form-urlencoded');
    return { ...result, responseUrl, triggerId };
  }

  /** block_actions payload shaped like block_actions.button.opsdroid.decoded.json. */
  async blockAction(opts: BlockActionOptions): Promise<SlackHttpResult & { responseUrl?: string; triggerId: string }> {
    const userId = opts.userId ?? DEFAULT_USER;
    const triggerId = opts.triggerId ?? this.newTriggerId();
    const type = opts.type ?? 'button';
    const action: Record<string, any> = {
      action_id: opts.actionId,
      block_id: opts.blockId ?? randomBytes(3).toString('base64url').slice(0, 4),
      ...(type === 'button' ? { text: { type: 'plain_text', text: opts.actionId, emoji: true } } : {}),
      ...(opts.value !== undefined ? { value: opts.value } : {}),
      ...(opts.selectedOption ? { selected_option: { text: { type: 'plain_text', text: opts.selectedOption.text ?? opts.selectedOption.value, emoji: true }, value: opts.selectedOption.value } } : {}),
      type,
      action_ts: nowTs(),
      ...opts.action,
    };
    const payload: Record<string, any> = {
      type: 'block_actions',
      user: this.user(userId),
      api_app_id: this.fake.appId,
      token: VERIFICATION_TOKEN,
      container: {},
      trigger_id: triggerId,
      team: { id: this.teamId, domain: this.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
    };
    let responseUrl: string | undefined;
    if (opts.view) {
      // Actions inside views carry the view instead of channel/message, and no response_url.
      payload.container = { type: 'view', view_id: opts.view.id };
      payload.view = opts.view;
    } else {
      const channelId = opts.channelId ?? opts.message?.channel ?? this.fake.channelByName('general')?.id ?? 'C0GENERAL';
      const messageTs = opts.messageTs ?? opts.message?.ts;
      if (!messageTs) throw new Error('blockAction: pass messageTs or message (with ts) for a message action, or view for a view action');
      const message = opts.message ?? this.fake.findMessage(channelId, messageTs) ?? { type: 'message', ts: messageTs, text: '' };
      responseUrl = this.fake.newResponseUrl();
      const { channel: _omit, ...messageWithoutChannel } = message;
      Object.assign(payload, {
        container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
        channel: { id: channelId, name: this.channelName(channelId) },
        message: messageWithoutChannel,
        state: { values: opts.stateValues ?? {} },
        response_url: responseUrl,
      });
    }
    payload.actions = [action];
    const result = await this.signedRaw(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    return { ...result, ...(responseUrl ? { responseUrl } : {}), triggerId };
  }

  /** Clicks the button with `actionId` in a stored/posted message, sending its real value and block_id. */
  async clickButton(message: { channel: string; ts: string; blocks?: any[] }, actionId: string, opts: Partial<BlockActionOptions> = {}): ReturnType<SlackSender['blockAction']> {
    if (!message.ts) throw new Error('clickButton: the message has no ts; use fake.findMessage()/fake.messages() rather than recorded call args');
    const button = findButton(message.blocks, actionId);
    return this.blockAction({
      ...opts,
      actionId,
      blockId: button.blockId,
      ...(button.value !== undefined ? { value: button.value } : {}),
      channelId: message.channel,
      messageTs: message.ts,
      message,
    });
  }

  /**
   * view_submission shaped like view_submission.opsdroid.decoded.json. `values` is
   * blockId → actionId → state value (use the builders above); input blocks left out are
   * sent empty, as Slack does. Unknown block/action ids throw, listing the ones present.
   */
  /** A message shortcut (type message_action) on a stored message, as Slack sends it. */
  async messageShortcut(callbackId: string, message: { channel: string; ts: string; text?: string; user?: string; thread_ts?: string }, opts: { userId?: string } = {}): Promise<SlackHttpResult & { responseUrl: string; triggerId: string }> {
    const triggerId = this.newTriggerId();
    const responseUrl = this.fake.newResponseUrl();
    const payload = {
      type: 'message_action',
      token: VERIFICATION_TOKEN,
      action_ts: nowTs(),
      team: { id: this.teamId, domain: this.teamDomain },
      user: this.user(opts.userId ?? DEFAULT_USER),
      channel: { id: message.channel, name: this.channelName(message.channel) },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: triggerId,
      response_url: responseUrl,
      message_ts: message.ts,
      message: { type: 'message', user: message.user ?? DEFAULT_USER, ts: message.ts, text: message.text ?? '', ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) },
    };
    const result = await this.signedRaw(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    return { ...result, responseUrl, triggerId };
  }

  async viewSubmission(view: any, values: Record<string, Record<string, any>>, opts: { userId?: string; triggerId?: string } = {}): Promise<SlackHttpResult & { triggerId: string }> {
    const id: string = view.id ?? `V0${randomBytes(4).toString('hex').toUpperCase()}`;
    const triggerId = opts.triggerId ?? this.newTriggerId();
    const payload = {
      type: 'view_submission',
      team: { id: this.teamId, domain: this.teamDomain },
      user: this.user(opts.userId ?? DEFAULT_USER),
      api_app_id: this.fake.appId,
      token: VERIFICATION_TOKEN,
      trigger_id: triggerId,
      view: {
        id,
        team_id: this.teamId,
        type: 'modal',
        blocks: view.blocks ?? [],
        private_metadata: view.private_metadata ?? '',
        callback_id: view.callback_id ?? '',
        state: { values: stateValues(view.blocks, values) },
        hash: view.hash ?? `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
        title: view.title ?? { type: 'plain_text', text: 'Modal', emoji: true },
        clear_on_close: view.clear_on_close ?? false,
        notify_on_close: view.notify_on_close ?? false,
        close: view.close ?? null,
        submit: view.submit ?? null,
        previous_view_id: view.previous_view_id ?? null,
        root_view_id: view.root_view_id ?? id,
        app_id: this.fake.appId,
        external_id: view.external_id ?? '',
        app_installed_team_id: this.teamId,
        bot_id: this.fake.botId,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const result = await this.signedRaw(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    return { ...result, triggerId };
  }

  /** Events API callback with the envelope of message.plain.zulip.json. */
  async event(event: any, opts: EventOptions = {}): Promise<SlackHttpResult & { eventId: string }> {
    const eventId = opts.eventId ?? `Ev0${randomBytes(5).toString('hex').toUpperCase()}`;
    const envelope = {
      token: VERIFICATION_TOKEN,
      team_id: this.teamId,
      context_team_id: this.teamId,
      context_enterprise_id: null,
      api_app_id: this.fake.appId,
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: opts.eventTime ?? nowSeconds(),
      authorizations: [{ enterprise_id: null, team_id: this.teamId, user_id: this.fake.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: eventContext(event, this.teamId, this.fake.appId),
    };
    const retry: Record<string, string> =
      opts.retryNum !== undefined ? { 'X-Slack-Retry-Num': String(opts.retryNum), 'X-Slack-Retry-Reason': opts.retryReason ?? 'http_timeout' } : {};
    const result = await this.signedRaw(JSON.stringify(envelope), 'application/json', undefined, retry);
    return { ...result, eventId };
  }

  /** The url_verification handshake Slack performs when the request URL is saved. */
  urlVerification(challenge: string): Promise<SlackHttpResult> {
    return this.signedRaw(JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' }), 'application/json');
  }

  /** Sends exactly `body` with exactly `headers`: for malformed and unsigned requests. */
  async raw(body: string, headers: Record<string, string>): Promise<SlackHttpResult> {
    const started = performance.now();
    const res = await fetch(this.appUrl, { method: 'POST', headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    return { status: res.status, body: text, ms, headers: Object.fromEntries(res.headers.entries()), ...parseJson(text) };
  }

  /** Signs `body` (optionally with a chosen timestamp, e.g. a stale one) and sends it. */
  signedRaw(body: string, contentType: string, timestampSeconds?: number, extraHeaders: Record<string, string> = {}): Promise<SlackHttpResult> {
    return this.raw(body, { 'Content-Type': contentType, ...signRequest(this.signingSecret, body, timestampSeconds), ...extraHeaders });
  }

  private user(id: string) {
    const name = this.fake.users.get(id)?.name ?? id.toLowerCase();
    return { id, username: name, name, team_id: this.teamId };
  }

  /** Names as Slack sends them: the channel's name, or 'directmessage'/'privategroup'. */
  private channelName(id: string): string {
    const ch = this.fake.getChannel(id);
    if (id.startsWith('D') || ch?.is_im) return 'directmessage';
    if (ch?.is_mpim) return 'privategroup';
    return ch?.name ?? 'general';
  }
}

function parseJson(text: string): { json?: any } {
  if (text.trim() === '') return {};
  try {
    return { json: JSON.parse(text) };
  } catch {
    return {};
  }
}

/** Slack's event_context: "4-" + base64url JSON naming event type, team, app and channel. */
function eventContext(event: any, teamId: string, appId: string): string {
  const channel = event?.channel ?? event?.item?.channel ?? event?.channel_id;
  const ctx = { et: event?.type, tid: teamId, aid: appId, ...(typeof channel === 'string' ? { cid: channel } : {}) };
  return `4-${Buffer.from(JSON.stringify(ctx)).toString('base64url')}`;
}

/** Builds view.state.values: given values checked against the view's inputs, empty ones filled in. */
function stateValues(blocks: any[] | undefined, given: Record<string, Record<string, any>>): Record<string, Record<string, any>> {
  if (!Array.isArray(blocks) || blocks.length === 0) return given;
  const inputs = new Map<string, Map<string, string>>();
  for (const b of blocks) {
    const elements = b?.type === 'input' ? [b.element] : b?.type === 'actions' ? (b.elements ?? []) : [];
    if (!b?.block_id || elements.length === 0) continue;
    inputs.set(b.block_id, new Map(elements.filter((e: any) => e?.action_id).map((e: any) => [e.action_id, e.type])));
  }
  const describe = () => [...inputs].map(([blockId, actions]) => `${blockId}{${[...actions.keys()].join(',')}}`).join(' ');
  for (const [blockId, actions] of Object.entries(given)) {
    const known = inputs.get(blockId);
    if (!known) throw new Error(`viewSubmission: no input block '${blockId}' in the view; blocks present: ${describe() || '(none with block_id)'}`);
    for (const actionId of Object.keys(actions))
      if (!known.has(actionId)) throw new Error(`viewSubmission: block '${blockId}' has no element '${actionId}'; present: ${describe()}`);
  }
  const out: Record<string, Record<string, any>> = {};
  for (const b of blocks) {
    // Slack includes every input block; actions-block elements only appear when given.
    if (b?.type !== 'input' || !b.block_id || !b.element?.action_id) continue;
    out[b.block_id] = { [b.element.action_id]: emptyValue(b.element.type) };
  }
  for (const [blockId, actions] of Object.entries(given)) out[blockId] = { ...out[blockId], ...actions };
  return out;
}
