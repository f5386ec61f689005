/**
 * `npm run worker`: the worker alone, against TEMPORAL_ADDRESS (or the embedded default's
 * address), writing the record to DATABASE_URL (or the embedded store `npm start` serves). Run several for more throughput; Temporal shares the task queue between them.
 * SIGINT/SIGTERM drain in-flight tasks, then exit.
 */
import { loadAppConfig } from '../config/env';
import { connectRecord, resolveRecordUrl } from '../record/record-connection';
import { RecordRepository } from '../record/record-repository';
import { connectWorkerConnection } from '../temporal/connection';
import { createWorker } from './create-worker';
import { runMain } from '../run-main';

runMain('worker', async () => {
  const config = loadAppConfig();
  const recordDb = await connectRecord(resolveRecordUrl(config));
  const connection = await connectWorkerConnection(config);
  const worker = await createWorker({ connection, config, record: new RecordRepository(recordDb) });
  console.log(`worker: polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await recordDb.destroy();
  }
});
