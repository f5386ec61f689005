/**
 * Reading an item whose workflow Temporal no longer keeps (its retention ran out, or an operator
 * deleted it): the board's record still has its last state, so the API serves that.
 */
import { NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { RecordKind } from '../../record/record.schema';
import type { RecordRepository } from '../../record/record-repository';

/**
 * A `.catch` handler for a workflow Query: when Temporal says the workflow does not exist, the
 * state the record holds for it; a 404 naming the item when the record has none either.
 */
export function fromRecord<S>(record: RecordRepository, kind: RecordKind, id: string) {
  return async (err: unknown): Promise<S> => {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const stored = await record.get(kind, id);
    if (!stored) throw new NotFoundException(`${kind.replace('-', ' ')} ${id} not found`);
    return stored.state as S;
  };
}
