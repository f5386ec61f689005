/**
 * Writes shared by every feature service: a keyed start (the Idempotency-Key fixes the workflow
 * ID, so a retry finds the first workflow) and a keyed Update (the key fixes the Update ID, so the
 * server's own deduplication answers a retry), with Temporal's answers mapped to HTTP ones.
 */
import { ConflictException } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
  type WorkflowResultType,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { UpdateDefinition, Workflow } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { makeId, type IdKind } from '../../../workflows/ids';
import { updateIdFor, type IdempotencyToken } from './idempotency';
import { assertSameRequest, rethrowNotFound } from './workflow-errors';

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

/** What a keyed Update needs besides its command. */
export interface KeyedUpdate<T extends Workflow> {
  /** Names the write in the Update ID (e.g. `extend`). */
  kind: string;
  token: IdempotencyToken | undefined;
  /** The item in messages, e.g. `funding round`. */
  what: string;
  /** The 409 message for an item whose workflow has completed, from its result. */
  closed: (result: Awaited<WorkflowResultType<T>>) => string;
}

/**
 * Executes an Update with the Update ID derived from the Idempotency-Key. A workflow that has
 * completed makes Temporal say "not found"; its result tells a finished item (409 naming why)
 * from one that never existed (404).
 */
export async function executeKeyedUpdate<T extends Workflow, A, R>(
  handle: WorkflowHandle<T>,
  def: UpdateDefinition<R, [A]>,
  cmd: A,
  write: KeyedUpdate<T>,
): Promise<R> {
  try {
    return await handle.executeUpdate(def, { args: [cmd], updateId: updateIdFor(write.kind, write.token) });
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const result = await handle.result().catch(rethrowNotFound(write.what, handle.workflowId));
    throw new ConflictException(write.closed(result));
  }
}
