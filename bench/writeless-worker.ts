/**
 * The benchmark's worker without the record's write: every workflow and activity as in
 * `npm run worker`, except that the projection activity stores nothing. Workflows still schedule
 * it (`patched('record-projection')` cannot be turned off for runs that have it), so a ballot on
 * this worker costs what it costs on the real one minus the database write: the record section
 * compares the two in the same run.
 */
import { loadAppConfig } from '../src/config/env';
import { createLogger } from '../src/observability/logger';
import { installWorkerRuntime } from '../src/observability/worker-runtime';
import type { RecordRepository } from '../src/record/record-repository';
import { connectWorkerConnection } from '../src/temporal/connection';
import { createWorker } from '../src/worker/create-worker';

async function main(): Promise<void> {
  const config = loadAppConfig();
  // The runtime as the real worker installs it (its log level, no metrics port): only the write differs.
  installWorkerRuntime(createLogger('worker', config), {});
  const connection = await connectWorkerConnection(config);
  // Only `project` is called by the activities; it answers as if the write were applied.
  const record = { project: async () => true } as unknown as RecordRepository;
  const worker = await createWorker({ connection, config, record });
  // bench/stack.ts waits for this word on stdout; SIGTERM drains the worker (the SDK's default).
  console.log(`writeless worker polling task queue ${config.temporal.taskQueue}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
