/**
 * `npm run worker`: the worker alone, against TEMPORAL_ADDRESS (or the embedded default's
 * address). Run several for more throughput; Temporal shares the task queue between them.
 * SIGINT/SIGTERM drain in-flight tasks, then exit.
 */
import { loadAppConfig } from '../config/env';
import { connectWorkerConnection } from '../temporal/connection';
import { createWorker } from './create-worker';
import { runMain } from '../run-main';

runMain('worker', async () => {
  const config = loadAppConfig();
  const connection = await connectWorkerConnection(config);
  const worker = await createWorker({ connection, config });
  console.log(`worker: polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
});
