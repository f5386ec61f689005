/**
 * The embedded default (`npm start`: API and worker in one process) serves the worker's probes on
 * WORKER_HEALTH_PORT as `npm run worker` does, and stops serving them when it stops.
 */
import { freePort } from '../../scripts/free-port';
import { startStack, type Stack } from '../support/stack';

let stack: Stack | undefined;

afterAll(async () => {
  await stack?.stop();
});

test('worker probes on WORKER_HEALTH_PORT: live and ready while polling, gone once stopped', async () => {
  const port = await freePort();
  stack = await startStack({ WORKER_HEALTH_PORT: String(port) });
  const probe = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
  expect(await (await probe('/health/live')).json()).toEqual({ status: 'ok' });
  const ready = await probe('/health/ready');
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ok', worker: 'RUNNING' });
  expect((await probe('/nothing')).status).toBe(404);
  await stack.stop();
  stack = undefined;
  await expect(probe('/health/live')).rejects.toThrow();
});
