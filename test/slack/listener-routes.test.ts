// Sitrep's listeners reach Bolt as one listener per kind: a real Bolt App (no HTTP) is given Slack's
// own payloads (the fixtures) and must run exactly the listener registered for each name.
import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ListenerRoutes } from '../../src/slack/listener-routes.js';

// Shapes copied from /work/shared/slack-fixtures (opsdroid's real payloads, trimmed).
const TEAM = { id: 'T01ND2P8N91', domain: 'opsdroidtests' };
const USER = { id: 'U01NK1K9L68', username: 'opsdroid.test', name: 'opsdroid.test', team_id: TEAM.id };

function buttonClick(actionId: string) {
  return {
    type: 'block_actions',
    user: USER,
    api_app_id: 'A01NK2M4ABE',
    token: 'here-comes-some-token',
    container: { type: 'message', message_ts: '1613575470.000100', channel_id: 'C01N639ECTY', is_ephemeral: false },
    trigger_id: '1762225466274.1761091294307.3bee5b04cb4cbe9f7fd0bd5bb37dabf7',
    team: TEAM,
    channel: { id: 'C01N639ECTY', name: 'random' },
    response_url: 'https://hooks.slack.com/actions/T01ND2P8N91/1744633548995/Yr5pLiS4VIX7b41eMEOPd3Mk',
    actions: [
      { action_id: actionId, block_id: 'Hrn', text: { type: 'plain_text', text: 'Click Me', emoji: true }, value: 'click_me_123', type: 'button', action_ts: '1613575488.406573' },
    ],
  };
}

function eventCallback(event: Record<string, unknown>) {
  return {
    token: 'here-comes-some-token',
    team_id: TEAM.id,
    api_app_id: 'A01NK2M4ABE',
    event,
    type: 'event_callback',
    event_id: 'Ev01NQ9H6XKA',
    event_time: 1613563664,
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'U01NPJ4D5ME', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

const message = { type: 'message', text: 'this is a test message', user: USER.id, ts: '1613563664.001200', team: TEAM.id, channel: 'C01N9PM1D53', event_ts: '1613563664.001200', channel_type: 'channel' };
const reactionAdded = { type: 'reaction_added', user: USER.id, item: { type: 'message', channel: 'C01N9PM1D53', ts: '1613563664.001200' }, reaction: 'pushpin', item_user: USER.id, event_ts: '1613563670.000200' };
const pinAdded = { type: 'pin_added', user: USER.id, channel_id: 'C01N9PM1D53', item: { type: 'message', channel: 'C01N9PM1D53' }, event_ts: '1613563680.000300' };

function viewSubmission(callbackId: string) {
  return {
    type: 'view_submission',
    team: TEAM,
    user: USER,
    api_app_id: 'A01NK2M4ABE',
    token: 'here-comes-some-token',
    trigger_id: '1912316386374.1761091294307.f8f5f1c6d58f0f2c3bbbd0c85bd82ad4',
    view: { id: 'V01SYT8HJ2G', team_id: TEAM.id, type: 'modal', callback_id: callbackId, private_metadata: '', state: { values: {} }, hash: '1617300357.xA1ZXoh5', app_id: 'A01NK2M4ABE', bot_id: 'B01NK2M6PPQ' },
    response_urls: [],
    is_enterprise_install: false,
  };
}

// The real wire body of a slash command, as Bolt's receiver parses it.
const slashCommand = Object.fromEntries(
  new URLSearchParams(
    'token=here-comes-some-token&team_id=T01ND2P8N91&team_domain=opsdroidtests&channel_id=C01N639ECTY&channel_name=random&user_id=U01NK1K9L68&user_name=opsdroid.test&command=%2Ftestcommand&text=&api_app_id=A01NK2M4ABE&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT01ND2P8N91%2F2086715431956%2FxyP8iEhnQ0BjWLowcMLSPaSX&trigger_id=2093168434705.1761091294307.7f8d01a322363a013721e32e83af484b',
  ),
);

const noReceiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

/** A Bolt app with the routes mounted, and what each request it is given ran. */
function appWith(register: (routes: ListenerRoutes, ran: string[]) => void, around?: (work: () => Promise<void>, ran: string[]) => Promise<void>) {
  const routes = new ListenerRoutes();
  const ran: string[] = [];
  register(routes, ran);
  const app = new App({ token: 'xoxb-test', botId: 'BSITREP', botUserId: 'USITREP', receiver: noReceiver });
  routes.mount(app, around && ((work) => around(work, ran)));
  const handle = async (body: Record<string, unknown>) => {
    let acked = false;
    await app.processEvent({ body, ack: async () => void (acked = true) });
    return { acked };
  };
  return { ran, handle };
}

describe('ListenerRoutes', () => {
  it('runs the action listener registered for the action id, with Bolt arguments, and none for a longer or shorter id', async () => {
    const { ran, handle } = appWith((routes, ran) => {
      routes.action('resolve_incident', async ({ ack, action, body }) => {
        await ack();
        ran.push(`resolve ${'value' in action ? action.value : ''} by ${body.user.id}`);
      });
      routes.action('resolve', async () => void ran.push('shorter'));
    });
    const click = (actionId: string) => handle(buttonClick(actionId));

    expect(await click('resolve_incident')).toEqual({ acked: true });
    await click('resolve_incident_now');
    await click('xresolve_incident');
    expect(ran).toEqual(['resolve click_me_123 by U01NK1K9L68']);
  });

  it('runs the event listener for the event type only', async () => {
    const { ran, handle } = appWith((routes, ran) => {
      routes.event('message', async ({ event }) => void ran.push(`message ${'text' in event ? event.text : ''}`));
      routes.event('reaction_added', async ({ event }) => void ran.push(`reaction ${event.type}`));
    });

    const answer = await handle(eventCallback(message));
    await handle(eventCallback(reactionAdded));
    await handle(eventCallback(pinAdded));

    expect(answer).toEqual({ acked: true });
    expect(ran).toEqual(['message this is a test message', 'reaction reaction_added']);
  });

  it('runs the view listener for the callback id and the command listener for the command', async () => {
    const { ran, handle } = appWith((routes, ran) => {
      routes.view('declare_incident', async ({ ack, view }) => {
        await ack();
        ran.push(`view ${view.callback_id}`);
      });
      routes.command('/testcommand', async ({ ack, command }) => {
        await ack();
        ran.push(`command by ${command.user_id}`);
      });
      routes.command('/incident', async () => void ran.push('wrong command'));
    });
    await handle(viewSubmission('declare_incident'));
    await handle(viewSubmission('declare_incident_v2'));
    await handle(slashCommand);

    expect(ran).toEqual(['view declare_incident', 'command by U01NK1K9L68']);
  });

  it('matches names literally, not as patterns', async () => {
    const { ran, handle } = appWith((routes, ran) => {
      routes.action('take.role', async () => void ran.push('take.role'));
    });
    await handle(buttonClick('take_role'));

    expect(ran).toEqual([]);
  });

  it('runs each listener inside `around`, and nothing for a request no listener takes', async () => {
    const { ran, handle } = appWith(
      (routes, ran) => routes.event('message', async () => void ran.push('listener')),
      async (work, ran) => {
        ran.push('before');
        await work();
        ran.push('after');
      },
    );

    await handle(eventCallback(message));
    await handle(eventCallback(pinAdded));

    expect(ran).toEqual(['before', 'listener', 'after']);
  });

  it('refuses a second listener for the same name and lists the names per kind', () => {
    const routes = new ListenerRoutes();
    routes.event('message', async () => {});
    routes.event('app_home_opened', async () => {});

    expect(() => routes.event('message', async () => {})).toThrow('two event listeners for "message"');
    expect(routes.names('event')).toEqual(['message', 'app_home_opened']);
    expect(routes.names('action')).toEqual([]);
  });
});
