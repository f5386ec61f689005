/**
 * The end of a test file that ran one worker for all its tests: the worker drains (bounded), then
 * the test server stops whatever happened before. A server left running would outlive the test
 * process holding its output open; a worker left running would poll a stopped server for ever.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { withinMs } from './deadline';

export async function stopWorkerThenServer(
  worker: Worker | undefined,
  running: Promise<void> | undefined,
  env: TestWorkflowEnvironment | undefined,
): Promise<void> {
  try {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await withinMs(running ?? Promise.resolve(), 60_000, 'worker drain');
  } finally {
    await env?.teardown();
  }
}
