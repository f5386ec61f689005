/**
 * The one way the API reaches a workflow of a given kind: its handle (404 for an id that is not of
 * this kind, without a round trip), its state through its query (from the board's record when
 * Temporal no longer keeps the workflow; 404 when neither has it), and an
 * Update on it with the Update ID derived from the Idempotency-Key. A workflow that has completed
 * makes Temporal say "not found" to an Update; its result then tells a finished item (409 naming
 * why) from one that never existed (404).
 */
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import {
  Client,
  WorkflowNotFoundError,
  type WorkflowHandle,
  type WorkflowResultType,
} from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition, Workflow } from '@temporalio/common';
import { isIdOf, type IdKind } from '../../../workflows/ids';
import { RecordRepository } from '../../record/record-repository';
import type { RecordKind } from '../../record/record.schema';
import { updateIdFor, type IdempotencyToken } from './idempotency';
import { rethrowNotFound } from './workflow-errors';
import { idempotencyFields } from './workflow-writes';

/** A kind of workflow as the API reaches it. */
export interface WorkflowKind<W extends Workflow, S> {
  /** The item in messages, e.g. `decision`. */
  what: string;
  /** Its kind of id (workflows/ids.ts); any other id is a 404. */
  id: IdKind;
  /** The query that reads its state. */
  query: QueryDefinition<S>;
  /** Its kind in the board's record, which keeps its last state after Temporal lets it go. */
  record?: RecordKind;
  /** The 409 message for an item whose workflow has completed, from its id and result. */
  closed?: (id: string, result: Awaited<WorkflowResultType<W>>) => string;
}

/** Declares a kind of workflow for the gateway; `W` is the workflow function's type. */
export function workflowKind<W extends Workflow, S>(kind: WorkflowKind<W, S>): WorkflowKind<W, S> {
  return kind;
}

/** An Update's command as a service builds it: the gateway adds the Idempotency-Key's fields. */
export type UnkeyedCommand<A> = Omit<A, 'idempotencyKey' | 'requestHash'>;

/** What names an Update besides its command: the write in the Update ID, and the caller's key. */
export interface UpdateWrite {
  /** e.g. `extend`. */
  name: string;
  token: IdempotencyToken | undefined;
}

@Injectable()
export class WorkflowGateway {
  constructor(
    private readonly client: Client,
    private readonly record: RecordRepository,
  ) {}

  /** The handle of the item `id` of this kind; 404 naming it when the id is not of this kind. */
  handle<W extends Workflow, S>(kind: WorkflowKind<W, S>, id: string): WorkflowHandle<W> {
    if (!isIdOf(kind.id, id)) throw new NotFoundException(`${kind.what} ${id} not found`);
    return this.client.workflow.getHandle<W>(id);
  }

  /**
   * The item's state, read by its query; when Temporal no longer keeps the workflow (its retention
   * ran out, or an operator deleted it), the last state the record holds; 404 naming it when
   * neither has it.
   */
  async state<W extends Workflow, S>(kind: WorkflowKind<W, S>, id: string): Promise<S> {
    try {
      return await this.handle(kind, id).query(kind.query);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const stored = kind.record ? await this.record.get(kind.record, id) : undefined;
      if (!stored) throw new NotFoundException(`${kind.what} ${id} not found`);
      return stored.state as S;
    }
  }

  /**
   * Runs the Update `def` with `cmd` on the item, keyed by the caller's Idempotency-Key: its hash
   * is the Update ID (so the server answers a retry) and goes into the command (so the workflow
   * refuses the key reused with another body).
   */
  async update<W extends Workflow, S, A, R>(
    kind: WorkflowKind<W, S>,
    id: string,
    def: UpdateDefinition<R, [A]>,
    cmd: UnkeyedCommand<A>,
    write: UpdateWrite,
  ): Promise<R> {
    const handle = this.handle(kind, id);
    const keyed = { ...cmd, ...idempotencyFields(write.token) } as A;
    try {
      return await handle.executeUpdate(def, {
        args: [keyed],
        updateId: updateIdFor(write.name, write.token),
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const result = await handle.result().catch(rethrowNotFound(kind.what, id));
      throw new ConflictException(
        kind.closed?.(id, result) ?? `${kind.what} ${id} is closed; nothing in it can change any more`,
      );
    }
  }
}
