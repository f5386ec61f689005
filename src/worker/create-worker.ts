/**
 * The Temporal worker: every workflow in workflows/ and every activity from activities/, on the
 * configured task queue. The sticky cache size bounds the worker's memory (bench/ measures it).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import type { AppConfig } from '../config/env';

export interface WorkerOptions {
  connection: NativeConnection;
  config: AppConfig;
  /** Workflows kept in memory between tasks; the rest are replayed when next needed. */
  maxCachedWorkflows?: number;
}

/** A worker ready to `run()`. */
export async function createWorker({
  connection,
  config,
  maxCachedWorkflows,
}: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    maxCachedWorkflows,
  });
}
