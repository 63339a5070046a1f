import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/** What a route sees of a request; the body only when it asks, up to a limit. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The `:name` parts of the route's path, e.g. `{ key: 'INC-7' }` for `/incidents/:key`. */
  params: Record<string, string>;
  /** The whole body; over `limitBytes` it throws BodyTooLargeError, which answers 413. */
  body(limitBytes: number): Promise<Buffer>;
}

/** A body over the route's limit: answered 413 without reading the rest. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body, refusing (before reading, when Content-Length says so) more than the limit. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off('data', onData);
        // Drain the rest unread so the 413 can still be written on this connection.
        req.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** One endpoint of ours: a path (exact, or with `:name` segments), the methods it answers (405 for the others), its handler. */
export interface Route {
  path: string;
  methods: readonly HttpMethod[];
  handle(request: HttpRequest): Promise<HttpResponse>;
}

/** The route for a path, if any: the one lookup both servers use. */
export function routeFor(routes: readonly Route[], path: string): Route | undefined {
  return routes.find((route) => matchPath(route.path, path) !== undefined);
}

/** The `:name` segments of `path` under `pattern`, or undefined when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  if (pattern === path) return {};
  if (!pattern.includes(':')) return undefined;
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

/**
 * Answers a request with a route whose path matched: 405 (naming the allowed methods) for another
 * method, else the handler's response; a handler that throws answers 500 and is logged.
 */
export async function answerWith(route: Route, req: IncomingMessage, res: ServerResponse, logger: Logger): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!route.methods.includes(method as HttpMethod)) {
    res.writeHead(405, { allow: route.methods.join(', ') }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let response: HttpResponse;
  try {
    const params = matchPath(route.path, url.pathname) ?? {};
    response = await route.handle({ method, path: url.pathname, query: url.searchParams, headers: req.headers, params, body: (limit) => readBody(req, limit) });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ ok: false, error: error.message }));
      return;
    }
    logger.error({ err: error, path: route.path }, 'HTTP route failed');
    response = { status: 500 };
  }
  res.writeHead(response.status, response.headers);
  res.end(method === 'HEAD' ? undefined : response.body);
}
