import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** GET /healthz alone, for Socket Mode where no Slack endpoint is served over HTTP. */
export function startHealthServer(port: number, isHealthy: () => Promise<boolean>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') {
      void isHealthy().then((healthy) => writeHealth(res, healthy));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

export function writeHealth(res: import('node:http').ServerResponse, healthy: boolean): void {
  res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: healthy ? 'ok' : 'database unavailable' }));
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
