import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface PartnerRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface PartnerReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A failure to answer instead of the real reply, for the next `times` requests matching `path`. */
interface Failure {
  match: (request: PartnerRequest) => boolean;
  reply: PartnerReply;
  times: number;
}

/**
 * The loopback HTTP server our fake partner APIs (PagerDuty, Opsgenie) run on: records every request,
 * answers from the fake's router, and can be told to fail some requests first (errors, 429s).
 */
export class FakePartnerServer {
  readonly requests: PartnerRequest[] = [];
  private readonly failures: Failure[] = [];
  private readonly holds: { match: (request: PartnerRequest) => boolean; released: Promise<void> }[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly route: (request: PartnerRequest) => PartnerReply) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** The next `times` requests whose path starts with `pathPrefix` get `reply` instead. */
  failNext(pathPrefix: string, reply: PartnerReply, times = 1): void {
    this.failures.push({ match: (r) => r.path.startsWith(pathPrefix), reply, times });
  }

  /**
   * The next request whose path starts with `pathPrefix` is done (recorded, routed) but its answer is
   * held until the returned function is called: the partner has acted, the caller does not know yet.
   */
  holdNext(pathPrefix: string): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ match: (r) => r.path.startsWith(pathPrefix), released });
    return release;
  }

  requestsTo(method: string, pathPrefix: string): PartnerRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const request: PartnerRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(request);
    const failure = this.failures.find((f) => f.times > 0 && f.match(request));
    let reply: PartnerReply;
    if (failure) {
      failure.times -= 1;
      reply = failure.reply;
    } else {
      reply = this.route(request);
    }
    const hold = this.holds.findIndex((h) => h.match(request));
    if (hold >= 0) await this.holds.splice(hold, 1)[0]!.released;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }
}

/** A fake partner API (PagerDuty, Opsgenie): its server, its URL, and how it is started and closed. */
export abstract class FakePartner {
  readonly server = new FakePartnerServer((r) => this.route(r));

  /** Starts a fake of the subclass on a free loopback port. */
  static async start<T extends FakePartner>(this: new () => T): Promise<T> {
    const fake = new this();
    await fake.server.start();
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  protected abstract route(request: PartnerRequest): PartnerReply;
}
