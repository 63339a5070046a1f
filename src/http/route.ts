import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/** What a route sees of a request. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body, read once; over the limit it throws BodyTooLarge (answered 413). */
  body(limitBytes: number): Promise<Buffer>;
}

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

function bodyReader(req: IncomingMessage): (limitBytes: number) => Promise<Buffer> {
  let read: Promise<Buffer> | undefined;
  return (limitBytes) =>
    (read ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limitBytes) {
          reject(new BodyTooLarge(`body over ${limitBytes} bytes`));
          req.resume();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    }));
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** One endpoint of ours: an exact path, the methods it answers (405 for the others), its handler. */
export interface Route {
  path: string;
  methods: readonly HttpMethod[];
  handle(request: HttpRequest): Promise<HttpResponse>;
}

/** The route for a path, if any: the one lookup both servers use. */
export function routeFor(routes: readonly Route[], path: string): Route | undefined {
  return routes.find((route) => route.path === path);
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
    response = await route.handle({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body: bodyReader(req) });
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      res.writeHead(413).end();
      return;
    }
    logger.error({ err: error, path: route.path }, 'HTTP route failed');
    response = { status: 500 };
  }
  res.writeHead(response.status, response.headers);
  res.end(method === 'HEAD' ? undefined : response.body);
}
