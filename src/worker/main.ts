/**
 * `npm run worker`: the worker alone, against TEMPORAL_ADDRESS (or the embedded default's
 * address), writing the record to DATABASE_URL (or the embedded store `npm start` serves). Run
 * several for more throughput; Temporal shares the task queue between them.
 * SIGINT/SIGTERM drain in-flight tasks, then exit. With `WORKER_METRICS_PORT` it serves
 * Prometheus metrics, with `WORKER_HEALTH_PORT` its liveness and readiness probes.
 */
import { loadAppConfig } from '../config/env';
import { announce, createLogger } from '../observability/logger';
import { startTracing } from '../observability/tracing';
import { installWorkerRuntime } from '../observability/worker-runtime';
import { connectRecord, resolveRecordUrl } from '../record/record-connection';
import { RecordRepository } from '../record/record-repository';
import { memberStateSeatsOf } from '../record/record-tracking';
import { loadBoard } from '../board/board-config';
import { checkCluster } from '../temporal/cluster-check';
import { connectWorkerConnection } from '../temporal/connection';
import { createWorker } from './create-worker';
import { startWorkerHealthServer } from './health-server';
import { runMain } from '../run-main';

runMain('worker', async () => {
  const config = loadAppConfig();
  const logger = createLogger('worker', config);
  // Before any connection: the runtime's logger and metrics are fixed when it is created.
  installWorkerRuntime(logger, { metricsPort: config.workerMetricsPort });
  const tracing = startTracing('board-worker');
  const recordDb = await connectRecord(resolveRecordUrl(config));
  const connection = await connectWorkerConnection(config);
  if (!config.temporal.embedded) await checkCluster(connection, config);
  const record = new RecordRepository(recordDb, {
    memberStateSeats: memberStateSeatsOf(loadBoard(config.boardConfigPath).seats),
  });
  await record.refreshRoundTracking();
  const worker = await createWorker({ connection, config, record });
  const health =
    config.workerHealthPort === undefined
      ? undefined
      : await startWorkerHealthServer(worker, config.workerHealthPort);
  announce(logger, `polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}`, {
    metricsPort: config.workerMetricsPort,
    healthPort: config.workerHealthPort,
  });
  try {
    await worker.run();
  } finally {
    health?.close();
    await connection.close();
    await recordDb.destroy();
    await tracing?.shutdown();
    announce(logger, 'drained and stopped');
  }
});
