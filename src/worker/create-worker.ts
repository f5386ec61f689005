/**
 * The Temporal worker: every workflow in workflows/ and every activity from activities/, on the
 * configured task queue. The sticky cache size bounds the worker's memory (bench/ measures it).
 * This project's counters come from interceptors (workflows/metrics-interceptors.ts,
 * ./activity-metrics.ts); when tracing is on, the OpenTelemetry plugin continues the client's
 * trace into workflows and activities.
 */
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { failpointVariables, type FailpointName } from '../../activities/failpoints';
import { loadBoard } from '../board/board-config';
import type { AppConfig } from '../config/env';
import type { RecordRepository } from '../record/record-repository';
import { activeTracing } from '../observability/tracing';
import { notificationMetrics } from './activity-metrics';

export interface WorkerOptions {
  connection: NativeConnection;
  config: AppConfig;
  /** Workflows kept in memory between tasks; the rest are replayed when next needed. */
  maxCachedWorkflows?: number;
  /** The board's record, where the activities project every workflow's state. */
  record: RecordRepository;
  /** Activities to register instead of the real ones (tests). */
  activities?: object;
}

/** A worker ready to `run()`. */
export async function createWorker({
  connection,
  config,
  maxCachedWorkflows,
  record,
  activities,
}: WorkerOptions): Promise<Worker> {
  const board = loadBoard(config.boardConfigPath);
  const armed = Object.entries(config.failpoints ?? {}).filter(([, marker]) => marker);
  if (armed.length > 0) {
    // Loud on purpose: a failpoint kills this process once; it belongs to crash drills, never production.
    console.warn(
      `worker: crash-drill failpoints armed (${armed.map(([name]) => failpointVariables[name as FailpointName]).join(', ')}); never set these in production`,
    );
  }
  const tracing = activeTracing();
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    interceptors: {
      workflowModules: [require.resolve('../../workflows/metrics-interceptors')],
      activity: [notificationMetrics],
    },
    plugins: tracing
      ? [new OpenTelemetryPlugin({ resource: tracing.resource, spanProcessor: tracing.spanProcessor })]
      : [],
    maxCachedWorkflows: maxCachedWorkflows ?? config.maxCachedWorkflows,
    activities:
      activities ??
      createActivities({
        dataDir: config.dataDir,
        board,
        env: process.env,
        failpoints: config.failpoints,
        record,
      }),
  });
}
