// The Slack app manifest is what an admin installs: it must subscribe to what Sitrep handles and
// grant the bot token exactly what the Web API calls in src/ need.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helpLines } from '../../src/slack/commands/help.js';
import { sitrepListeners } from '../../src/slack/register.js';
import { SLASH_COMMANDS, SUBSCRIBED_EVENTS } from '../../src/slack/subscriptions.js';
import type { SlackContext } from '../../src/slack/context.js';
import { todaysPolicy } from '../support/policy.js';
import { CALLBACK_PATH, SIGN_IN_SCOPES } from '../../src/web/slack-sign-in.js';

interface SlackAppManifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    slash_commands: { command: string; url: string; usage_hint?: string; should_escape: boolean }[];
    shortcuts?: { name: string; type: 'message' | 'global'; callback_id: string; description: string }[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(new URL('../../manifests/slack-app.yaml', import.meta.url), 'utf8')) as SlackAppManifest;
const botScopes = manifest.oauth_config.scopes.bot;

/**
 * The bot scopes each Web API method needs (api.slack.com/methods/<method>); `channels:*` for
 * public incident channels, `groups:*` for private ones. A method missing here fails the test
 * below: look its scopes up and add it.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.setTopic': ['channels:manage', 'groups:write'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.list': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'conversations.open': ['im:write'],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'pins.add': ['pins:write'],
  'pins.remove': ['pins:write'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
  // files.uploadV2 is the client's wrapper around these two.
  'files.uploadV2': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'users.info': ['users:read'],
  // Asked for private channels only (types=private_channel).
  'users.conversations': ['groups:read'],
  'users.list': ['users:read'],
  'usergroups.users.list': ['usergroups:read'],
  'bookmarks.add': ['bookmarks:write'],
};

/** What each bot event subscription needs granted before Slack delivers it. */
const EVENT_SCOPES: Record<string, string[]> = {
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  reaction_added: ['reactions:read'],
  reaction_removed: ['reactions:read'],
  app_home_opened: [],
};

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

const sources = sourceFiles(SRC);
const allMatches = (pattern: RegExp) => [...new Set(sources.flatMap((file) => [...file.text.matchAll(pattern)].map((m) => m.slice(1).filter(Boolean).join('.'))))].sort();

/** Web API methods src/ calls: through the gateway's `call('x.y', …)`, or Bolt's `client.x.y(…)` in a listener. */
const calledMethods = [
  ...new Set([
    ...allMatches(/\b(?:call|tolerating)\(\s*'([a-z]+\.[A-Za-z0-9]+)'/g),
    ...allMatches(/\bclient\.([a-z]+)\.([a-zA-Z]+)\(/g),
    ...allMatches(/\bclient\.(filesUploadV2)\(/g).map(() => 'files.uploadV2'),
    ...allMatches(/\bapiCall\(\s*'([a-z]+\.[A-Za-z]+)'/g),
  ]),
].sort();

describe('the Slack app manifest', () => {
  it('subscribes to exactly the bot events Sitrep handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
  });

  it('declares exactly the slash commands Sitrep handles', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...SLASH_COMMANDS].sort());
  });

  it('lists no event or command registered in src/ that it does not subscribe to, and handles every one it does', () => {
    // Registering only keeps the listeners; none of them runs here.
    const routes = sitrepListeners({ botUserId: 'UBOT', workspaceUrl: 'https://acme.slack.com/', policy: todaysPolicy } as SlackContext);
    // `message` events arrive through both message.channels and message.groups.
    const subscriptionsOf = (event: string) => (event === 'message' ? ['message.channels', 'message.groups'] : [event]);
    const handled = routes.names('event').flatMap(subscriptionsOf);
    expect(handled.sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
    expect(routes.names('command').sort()).toEqual([...SLASH_COMMANDS].sort());
  });

  it('declares exactly the shortcuts Sitrep handles (Create follow-up on messages)', () => {
    const routes = sitrepListeners({ policy: todaysPolicy } as SlackContext);
    const declared = (manifest.features.shortcuts ?? []).map((s) => s.callback_id).sort();
    expect(routes.names('shortcut').sort()).toEqual(declared);
    expect(manifest.features.shortcuts).toContainEqual(expect.objectContaining({ name: 'Create follow-up', type: 'message', callback_id: 'create_followup' }));
  });

  it('sends every request to the endpoint Sitrep serves, with interactivity on for its buttons and forms', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(new Set(urls.map((u) => new URL(u).origin)).size).toBe(1);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('turns the Home tab on, since app_home_opened is subscribed', () => {
    expect(SUBSCRIBED_EVENTS).toContain('app_home_opened');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('offers only real subcommands in the /incident usage hint', () => {
    const known = new Set(helpLines(todaysPolicy).map((line) => line.usage.split(' ')[0]));
    const hint = manifest.features.slash_commands.find((c) => c.command === '/incident')!.usage_hint ?? '';
    // Alternatives are ` | `-separated; `<commander|comms|ops>` inside one is an argument.
    const offered = hint.split(/\s\|\s/).map((part) => part.trim().split(' ')[0]);
    expect(offered.filter((name) => !known.has(name))).toEqual([]);
  });

  it('grants the scope of every Web API method src/ calls', () => {
    expect(calledMethods.length).toBeGreaterThan(0);
    const unknown = calledMethods.filter((method) => !(method in METHOD_SCOPES));
    expect(unknown, 'methods called in src/ but missing from METHOD_SCOPES').toEqual([]);
    for (const method of calledMethods) {
      for (const scope of METHOD_SCOPES[method]!) expect(botScopes, `${method} needs ${scope}`).toContain(scope);
    }
  });

  it('grants the scopes the subscribed events and the slash command need', () => {
    for (const event of SUBSCRIBED_EVENTS) {
      for (const scope of EVENT_SCOPES[event] ?? ['(unknown: add the event to EVENT_SCOPES)']) {
        expect(botScopes, `${event} needs ${scope}`).toContain(scope);
      }
    }
    expect(botScopes).toContain('commands');
  });

  it('lets people sign in to the web pages: the callback as a redirect URL on the same host, the scopes Sign in with Slack asks for', () => {
    const redirects = manifest.oauth_config.redirect_urls ?? [];
    expect(redirects.map((url) => new URL(url).pathname)).toEqual([CALLBACK_PATH]);
    expect(new URL(redirects[0]!).origin).toBe(new URL(manifest.settings.event_subscriptions.request_url).origin);
    expect(manifest.oauth_config.scopes.user).toEqual(['openid', 'email', 'profile']);
    for (const scope of SIGN_IN_SCOPES) expect(manifest.oauth_config.scopes.user).toContain(scope);
  });

  it('grants each scope once', () => {
    expect(new Set(botScopes).size).toBe(botScopes.length);
  });
});
