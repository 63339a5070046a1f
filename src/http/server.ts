import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import { answerWith, type Route, routeFor } from './route.js';

/** Serves the route table alone on `port`, 404 for any other path: Socket Mode's own server. */
export function startRouteServer(port: number, routes: readonly Route[], logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    const route = routeFor(routes, new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    void answerWith(route, req, res, logger);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
