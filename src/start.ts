/**
 * `npm start`: the whole system on one machine. Unless TEMPORAL_ADDRESS is set, it first starts
 * the Temporal dev server (state in <DATA_DIR>/temporal.sqlite, so a restart finds every running
 * workflow), then the worker and the API in this process. Ctrl-C stops the API, drains the
 * worker, then stops the server, in that order.
 */
import { Runtime } from '@temporalio/worker';
import { createApiApp } from './api/create-api-app';
import { loadSigningSecret } from './auth/signing-secret';
import { loadBoard } from './board/board-config';
import { BoardDirectory } from './board/board-directory';
import { loadAppConfig } from './config/env';
import { runMain } from './run-main';
import { resolveTemporalCli } from './temporal/binaries';
import { connectClient, connectWorkerConnection } from './temporal/connection';
import { startDevServer, type DevServer } from './temporal/dev-server';
import { createWorker } from './worker/create-worker';

runMain('start', async () => {
  const config = loadAppConfig();
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  // Signals are handled below, so that the parts stop in order.
  Runtime.install({ shutdownSignals: [] });

  let devServer: DevServer | undefined;
  if (config.temporal.embedded) {
    const cliPath = (await resolveTemporalCli({ install: true })) as string;
    console.log(`start: Temporal dev server on ${config.temporal.address}, state in ${config.dataDir}`);
    devServer = await startDevServer({
      cliPath,
      dataDir: config.dataDir,
      port: config.temporal.port,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
    });
  }
  try {
    const workerConnection = await connectWorkerConnection(config);
    const worker = await createWorker({ connection: workerConnection, config });
    const workerRun = worker.run();
    const { client, connection } = await connectClient(config);
    const app = await createApiApp(
      { config, board, client, signingSecret: loadSigningSecret(config) },
      { shutdownHooks: false },
    );
    await app.listen(config.port);
    console.log(
      `start: API on http://localhost:${config.port} (Swagger UI at /docs, OpenAPI at /openapi.json)`,
    );
    if (devServer) console.log(`start: Temporal UI on http://localhost:${config.temporal.uiPort}`);
    console.log('start: mint a token with: npm run token -- --role secretariat --sub you');

    const signal = await Promise.race([
      new Promise<string>((resolve) => {
        for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => resolve(s));
      }),
      workerRun.then(() => 'worker stopped'),
    ]);
    console.log(`start: ${signal}, stopping`);
    await app.close();
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await connection.close();
    await workerConnection.close();
  } finally {
    await devServer?.stop();
  }
  process.exit(0);
});
