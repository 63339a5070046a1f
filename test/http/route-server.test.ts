import type { Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../src/http/route.js';
import { portOf, startRouteServer } from '../../src/http/server.js';
import { LogCapture } from '../support/log-capture.js';

describe('the route server (Socket Mode’s HTTP server)', () => {
  const logs = new LogCapture();
  let server: Server;
  let base: string;
  const seen: string[] = [];
  const routes: Route[] = [
    {
      path: '/echo',
      methods: ['GET', 'HEAD'],
      async handle(request) {
        seen.push(`${request.method} ${request.path}?${request.query.toString()}`);
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: `hello ${request.query.get('name') ?? ''}` };
      },
    },
    {
      path: '/broken',
      methods: ['POST'],
      async handle() {
        throw new Error('handler blew up');
      },
    },
  ];

  beforeAll(async () => {
    server = await startRouteServer(0, routes, pino(logs));
    base = `http://127.0.0.1:${portOf(server)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('hands a route the method, path and query, and sends back its status, headers and body', async () => {
    const response = await fetch(`${base}/echo?name=ops`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('hello ops');
    expect(seen).toContain('GET /echo?name=ops');
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(`${base}/echo`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers 405 naming the allowed methods, and 404 for a path no route has', async () => {
    const put = await fetch(`${base}/echo`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('answers 500 when a route throws, and logs why', async () => {
    const response = await fetch(`${base}/broken`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(logs.text).toContain('handler blew up');
  });
});
