/**
 * A start that fails half-way undoes what it had started. Here the API's port is taken, which is
 * only found out after the dev server and the worker are up: the worker must be shut down and the
 * server stopped, or the worker polls a stopped server for ever and keeps the process alive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { loadAppConfig } from '../../src/config/env';
import { startSystem } from '../../src/system';
import { freePort } from '../../scripts/free-port';
import { isPortFree, waitUntil } from '../support/processes';

// The worker's state changes, as the SDK logs them (the runtime is this file's own).
const entries: LogEntry[] = [];
Runtime.install({ logger: new DefaultLogger('INFO', (entry) => entries.push(entry)) });

let blocker: Server | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the API port taken: a one-line StartupError, the worker shut down, the dev server stopped', async () => {
  const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(port, '127.0.0.1', resolve));
  dataDir = mkdtempSync(join(tmpdir(), 'board-start-failure-'));
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    LOG_LEVEL: 'error',
  });

  await expect(startSystem(config, { host: '127.0.0.1' })).rejects.toMatchObject({
    name: 'StartupError',
    message: `PORT ${port} is already in use; set PORT to a free port`,
  });

  const states = () =>
    entries
      .filter((e) => e.message === 'Worker state changed')
      .map((e) => (e.meta as { state?: string } | undefined)?.state);
  // It had been running: the failure came after the worker started, as the test means it to.
  expect(states()).toContain('RUNNING');
  await waitUntil(
    'the worker to stop',
    async () => (states().includes('STOPPED') ? true : undefined),
    30_000,
  );
  expect(await isPortFree(temporalPort)).toBe(true);
});
