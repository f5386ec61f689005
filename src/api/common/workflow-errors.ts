/**
 * Temporal answers shared by every feature service: an unknown workflow is a 404 naming the item,
 * and a keyed start that hits an existing workflow must carry the same request (else 422).
 */
import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { IdempotencyToken } from './idempotency';

/** A `.catch` handler: WorkflowNotFoundError becomes 404 "<what> <id> not found"; others pass on. */
export function rethrowNotFound(what: string, id: string) {
  return (err: unknown): never => {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`${what} ${id} not found`);
    throw err;
  };
}

/** For a repeated keyed start: refuses (422) when the workflow was started by a different request. */
export async function assertSameRequest(handle: WorkflowHandle, token: IdempotencyToken): Promise<void> {
  if ((await handle.describe()).memo?.requestHash !== token.requestHash) {
    throw new UnprocessableEntityException('Idempotency-Key was already used with a different request');
  }
}
