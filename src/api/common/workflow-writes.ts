/**
 * Starting a workflow for a write: a keyed start (the Idempotency-Key fixes the workflow ID, so a
 * retry finds the first workflow, and a reused key with another body is refused), and the fields a
 * keyed command carries. Updates on a running workflow go through the WorkflowGateway.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { makeId, type IdKind } from '../../../workflows/ids';
import type { IdempotencyToken } from './idempotency';
import { assertSameRequest } from './workflow-errors';

/** A new workflow ID: derived from the key when there is one (same key, same caller: same ID), else random. */
export function workflowIdFor(kind: IdKind, token: IdempotencyToken | undefined): string {
  return makeId(kind, token ? token.keyHash.slice(0, 20) : randomBytes(10).toString('hex'));
}

/** The fields a keyed command carries, so the workflow can refuse a key reused with another body. */
export function idempotencyFields(token?: IdempotencyToken) {
  return token ? { idempotencyKey: token.keyHash, requestHash: token.requestHash } : {};
}

/**
 * Starts a workflow whose memo records the request hash. True when this call started it; false
 * when a keyed retry found it already started by the same request (422 if by a different one).
 */
export async function startKeyedWorkflow<T extends Workflow>(
  client: Client,
  workflow: T,
  options: WorkflowStartOptions<T>,
  token: IdempotencyToken | undefined,
): Promise<boolean> {
  try {
    await client.workflow.start(workflow, {
      ...options,
      memo: { requestHash: token?.requestHash ?? null },
    } as WorkflowStartOptions<T>);
    return true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError) || !token) throw err;
    await assertSameRequest(client.workflow.getHandle(options.workflowId), token);
    return false;
  }
}
