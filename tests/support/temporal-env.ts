/**
 * Temporal test environments on the project's pinned binaries (see src/temporal/binaries.ts):
 * installed once into `.tools/temporal` if missing, so tests run offline after the first time.
 * Only when neither a binary nor python3 with pip is available do they fall back to the SDK's own
 * download, which needs internet access.
 */
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, resolveTestServer } from '../../src/temporal/binaries';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';
import { withinMs } from './deadline';

type Executable = { type: 'existing-path'; path: string } | undefined;

/** `undefined` lets the SDK choose (its cached download). */
function executable(path: string | undefined): Executable {
  return path === undefined ? undefined : { type: 'existing-path', path };
}

/**
 * The time-skipping test server, for workflows that wait days: `env.sleep('14d')` returns at once.
 * The project's search attributes are registered, as workflows upsert them.
 * Call `teardown()` in `afterAll`.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await resolveTestServer({ install: true, sdkDownloadFallback: true });
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executable(path) } });
  // The test server takes no flag for them, but accepts them through the operator API.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      allSearchAttributeKeys.map((key) => [
        key.name,
        encodeSearchAttributeIndexedValueType(key.type) as number,
      ]),
    ),
  });
  return env;
}

/**
 * A real dev server (the CLI's `start-dev`, in memory, random port) with the project's search
 * attributes registered, for visibility queries and anything the test server does not implement.
 * Call `teardown()` in `afterAll`.
 */
export async function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  const path = await resolveTemporalCli({ install: true, sdkDownloadFallback: true });
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable(path),
      ip: '127.0.0.1',
      searchAttributes: [...allSearchAttributeKeys],
    },
  });
}

/**
 * Runs `steps` (a test's calls to `env`) bounded by `ms`; past it, fails naming `what` and cancels
 * the calls still in flight. A call left waiting on a stalled test server would otherwise be retried
 * after the server is gone, and its "Channel has been shut down" would fail whichever test file the
 * Jest worker runs next. The calls must be made inside `steps`, so they carry its abort signal.
 */
export async function boundedSteps<T>(
  env: TestWorkflowEnvironment,
  ms: number,
  what: string,
  steps: () => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  try {
    return await withinMs(env.connection.withAbortSignal(abort.signal, steps), ms, what);
  } catch (err) {
    abort.abort();
    throw err;
  }
}
