/**
 * `npm start`: the whole system on one machine (see ./system.ts). Unless TEMPORAL_ADDRESS is set,
 * it first starts the Temporal dev server with its state in <DATA_DIR>/temporal.sqlite, so a
 * restart finds every running workflow. Ctrl-C stops the API, drains the worker, then stops the
 * server, in that order.
 */
import { loadAppConfig } from './config/env';
import { announce, createLogger } from './observability/logger';
import { startTracing } from './observability/tracing';
import { installWorkerRuntime } from './observability/worker-runtime';
import { runMain } from './run-main';
import { startSystem } from './system';

runMain('start', async () => {
  const config = loadAppConfig();
  const logger = createLogger('start', config);
  // Signals are handled below, so that the parts stop in order.
  installWorkerRuntime(logger, { shutdownSignals: [], metricsPort: config.workerMetricsPort });
  const tracing = startTracing('board');
  // Listening before anything starts: a signal during start-up must not kill this process and
  // orphan the dev server; start-up finishes, then everything stops in order.
  const signalled = new Promise<string>((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => resolve(s));
  });
  const system = await startSystem(config, { logger, log: (line) => announce(logger, line) });
  announce(logger, `API on http://localhost:${config.port} (Swagger UI at /docs, OpenAPI at /openapi.json)`);
  if (system.devServer) announce(logger, `Temporal UI on http://localhost:${config.temporal.uiPort}`);
  announce(
    logger,
    `sign in at http://localhost:${config.port}/app/sign-in.html; tokens for service accounts: npm run token -- --account records-integration`,
  );

  const reason = await Promise.race([signalled, system.workerRun.then(() => 'worker stopped')]);
  announce(logger, `${reason}, stopping`);
  await system.stop();
  await tracing?.shutdown();
  process.exit(0);
});
