/** The small HTTP server a worker process serves on WORKER_HEALTH_PORT: /healthz, /readyz and /metrics. */
import { createServer, type Server } from 'node:http';

export function serveHealth(port: number, readiness: () => Promise<{ ready: boolean; checks: unknown }>, metricsText: () => Promise<string>): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (req.url === '/readyz') {
        const r = await readiness();
        return void res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: r.ready ? 'ready' : 'not_ready', checks: r.checks }));
      }
      if (req.url === '/metrics') return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(await metricsText());
      res.writeHead(404).end();
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
