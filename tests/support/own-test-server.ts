/**
 * One workflow test on a time-skipping test server of its own, with a worker on its own task queue.
 *
 * Why one server per test: the test server can stop skipping time for good. It keeps a time lock
 * it never releases when a workflow task continues the run as new while a call is parked on that
 * task (a query, an activity's start): scheduling the task for the parked call fails with
 * "workflow execution already completed" and the unlock is dropped with it (the worker logs
 * `Task not found when completing`). The tests avoid the known trigger (they wait on the
 * in-memory record, not on queries); a test that meets another one fails naming its step, and
 * Jest's retry (`jest.retryTimes` in the test file) runs it once more on a new server. A workflow
 * an earlier test left behind can never hold this test's clock either.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { boundedSteps, createTimeSkippingEnv } from './temporal-env';

/** Bound on one test's body: below Jest's timeout, so the worker drains before the server stops. */
const BODY_MS = 120_000;

export interface OwnTestServerOptions {
  taskQueue: string;
  bundle: WorkflowBundleWithSourceMap;
  /** The worker's activities, made once the server is up (a mock may read its clock). */
  activities: (env: TestWorkflowEnvironment) => object;
  /** Bound on the body, when it is longer than usual. */
  bodyMs?: number;
}

/**
 * Starts a test server and a worker, runs `body` bounded, then drains the worker and stops the
 * server, whatever happened. The body's calls carry the bound's abort signal, so none outlives it.
 */
export async function onOwnTestServer(
  options: OwnTestServerOptions,
  body: (env: TestWorkflowEnvironment) => Promise<void>,
): Promise<void> {
  const env = await createTimeSkippingEnv();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: options.taskQueue,
      workflowBundle: options.bundle,
      activities: options.activities(env),
    });
    await worker.runUntil(boundedSteps(env, options.bodyMs ?? BODY_MS, options.taskQueue, () => body(env)));
  } finally {
    await env.teardown();
  }
}
