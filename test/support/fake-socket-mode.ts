import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './fake-slack.js';

/**
 * Slack's side of Socket Mode on loopback: apps.connections.open (on the fake Web API) hands out
 * this server's URL; it says hello, sends envelopes and collects the app's acknowledgements.
 */
export class FakeSocketMode {
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private connectedResolve!: () => void;
  readonly connected = new Promise<void>((resolve) => {
    this.connectedResolve = resolve;
  });

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'ASITREP' } }));
      this.connectedResolve();
    });
  }

  static async start(fake: FakeSlack): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    fake.socketModeUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
    return new FakeSocketMode(server);
  }

  /** Sends one envelope as Slack does and resolves with the payload of the app's acknowledgement. */
  async send(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown, timeoutMs = 3_000): Promise<unknown> {
    await this.connected;
    const envelopeId = randomUUID();
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${type} envelope within ${timeoutMs} ms`)), timeoutMs);
      this.acks.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve(ackPayload);
      });
    });
    this.socket!.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    return acked;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
