// The floor for ack latency: a Bolt app with the same receiver settings as Sitrep that only acks.
// bench/load.ts runs it as a child process (SLACK_SIGNING_SECRET, PORT); GET /healthz says it is up.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  bodyLimit: 1024 * 1024,
  processBeforeResponse: false,
  logLevel: LogLevel.ERROR,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('{"status":"ok"}') }],
});
// Known bot ids: Bolt then makes no auth.test call, as in Sitrep.
const app = new App({ token: 'xoxb-ack-only', botId: 'BBOT', botUserId: 'UBOT', receiver, logLevel: LogLevel.ERROR });
app.command('/incident', async ({ ack }) => {
  await ack();
});
// Events are acked by Bolt before any listener runs.
app.event('message', async () => {});

await app.start(Number(process.env.PORT ?? 3000));
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
