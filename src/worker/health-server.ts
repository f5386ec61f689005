/**
 * The worker's probes, for Kubernetes or systemd watchdogs, on `WORKER_HEALTH_PORT`:
 * `GET /health/live` answers 200 while the process's event loop runs; `GET /health/ready` answers
 * 200 while the worker polls its task queue and 503 once it is draining or stopped.
 */
import { createServer, type Server } from 'node:http';
import type { Worker } from '@temporalio/worker';

/** Starts the probe server; resolves once it listens. */
export function startWorkerHealthServer(worker: Worker, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return answer(405, { message: 'GET only' });
    if (path === '/health/live') return answer(200, { status: 'ok' });
    if (path === '/health/ready') {
      const state = worker.getState();
      return answer(state === 'RUNNING' ? 200 : 503, {
        status: state === 'RUNNING' ? 'ok' : 'unavailable',
        worker: state,
      });
    }
    return answer(404, { message: `no route ${path}` });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
