import type {
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

// Each listener is stored with the arguments Bolt gives it; the lookup keeps them as they are.
type AnyListener = Middleware<any>;
type ListenerArgs = Parameters<AnyListener>[0];

export type ListenerKind = 'command' | 'event' | 'action' | 'view' | 'shortcut';

/**
 * Sitrep's listeners by exact name (command, event type, action id, view callback id), handed to Bolt
 * as one listener per kind. Bolt passes every request through every registered listener's middleware
 * chain, copying the arguments at each step: with Sitrep's fourteen listeners that took about a
 * quarter of the app's CPU per message event (bench/load). Bolt still parses, verifies, acks and types
 * each request; only the choice among our listeners is a map lookup.
 */
export class ListenerRoutes {
  private readonly kinds: Record<ListenerKind, Map<string, AnyListener>> = {
    command: new Map(),
    event: new Map(),
    action: new Map(),
    view: new Map(),
    shortcut: new Map(),
  };

  command(name: string, listener: Middleware<SlackCommandMiddlewareArgs>): void {
    this.add('command', name, listener);
  }

  event<EventType extends string>(type: EventType, listener: Middleware<SlackEventMiddlewareArgs<EventType>>): void {
    this.add('event', type, listener);
  }

  action<Action extends SlackAction = SlackAction>(actionId: string, listener: Middleware<SlackActionMiddlewareArgs<Action>>): void {
    this.add('action', actionId, listener);
  }

  view<ViewAction extends SlackViewAction = SlackViewAction>(callbackId: string, listener: Middleware<SlackViewMiddlewareArgs<ViewAction>>): void {
    this.add('view', callbackId, listener);
  }

  /** A global or message shortcut, by callback id. */
  shortcut(callbackId: string, listener: Middleware<SlackShortcutMiddlewareArgs>): void {
    this.add('shortcut', callbackId, listener);
  }

  /** The names registered for one kind: the manifest test compares commands and events with the subscriptions. */
  names(kind: ListenerKind): string[] {
    return [...this.kinds[kind].keys()];
  }

  /**
   * Gives Bolt one listener per kind that has any, matching exactly the names registered; `around`
   * runs each of our listeners (shutdown waits for what it tracks).
   */
  mount(app: App, around: (work: () => Promise<void>) => Promise<void> = (work) => work()): void {
    const { command, event, action, view, shortcut } = this.kinds;
    const route = (listeners: Map<string, AnyListener>, name: string | undefined, args: ListenerArgs): Promise<void> => {
      const listener = name === undefined ? undefined : listeners.get(name);
      return listener ? around(() => listener(args)) : Promise.resolve();
    };
    if (command.size > 0) app.command(exactly(command), (args) => route(command, args.command.command, args));
    if (event.size > 0) app.event(exactly(event), (args) => route(event, args.event.type, args));
    if (action.size > 0) {
      app.action({ action_id: exactly(action) }, (args) => route(action, 'action_id' in args.action ? args.action.action_id : undefined, args));
    }
    if (view.size > 0) app.view(exactly(view), (args) => route(view, args.view.callback_id, args));
    if (shortcut.size > 0) app.shortcut(exactly(shortcut), (args) => route(shortcut, args.shortcut.callback_id, args));
  }

  private add(kind: ListenerKind, name: string, listener: AnyListener): void {
    // Two listeners for one name would both run under Bolt; here the second is a mistake.
    if (this.kinds[kind].has(name)) throw new Error(`two ${kind} listeners for "${name}"`);
    this.kinds[kind].set(name, listener);
  }
}

/** A pattern matching exactly the registered names, so Bolt leaves anything else unhandled as before. */
function exactly(listeners: Map<string, AnyListener>): RegExp {
  const escaped = [...listeners.keys()].map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}
