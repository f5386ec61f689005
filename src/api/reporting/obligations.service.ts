/**
 * Reporting obligations over Temporal: opening starts a {@link reportingObligationWorkflow}, every
 * write is an Update (validated by the workflow before it is written), reads are a Query.
 */
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { isIdOf } from '../../../workflows/ids';
import { ObligationRecord } from '../../../workflows/reporting/obligation-record';
import {
  extendObligationUpdate,
  getObligationQuery,
  reviewReportUpdate,
  submitReportUpdate,
  waiveObligationUpdate,
} from '../../../workflows/reporting/obligation.messages';
import type { ObligationInput, ObligationState } from '../../../workflows/reporting/obligation.types';
import { reportingObligationWorkflow } from '../../../workflows/reporting/obligation.workflow';
import { checkNoticeSpans } from '../../../workflows/rules/reporting-rules';
import { RuleError } from '../../../workflows/rules/rule-error';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../../../workflows/search-attributes';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import type { AppConfig } from '../../config/env';
import { RecordRepository } from '../../record/record-repository';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { fromRecord } from '../common/record-fallback';
import { APP_CONFIG } from '../common/tokens';
import {
  executeKeyedUpdate,
  idempotencyFields,
  startKeyedWorkflow,
  workflowIdFor,
} from '../common/workflow-writes';
import type {
  ExtendObligationDto,
  NoticeSpansDto,
  ObligationView,
  OpenObligationDto,
  ReviewReportDto,
  SubmitReportDto,
  WaiveObligationDto,
} from './obligation.dto';

/** Checks reminder/escalation spans and `notify` against the board; 400 naming the field. */
export function checkSpansAndRecipients(board: BoardDirectory, dto: NoticeSpansDto): void {
  try {
    checkNoticeSpans({
      remindBefore: dto.remindBefore ?? [],
      escalateAfter: dto.escalateAfter,
      escalateEvery: dto.escalateEvery,
    });
  } catch (err) {
    if (err instanceof RuleError) throw new BadRequestException(err.message);
    throw err;
  }
  const unknown = (dto.notify ?? []).filter((code) => code !== 'secretariat' && !board.seat(code));
  if (unknown.length)
    throw new BadRequestException(`notify: unknown seat ${unknown.join(', ')} (seat codes or secretariat)`);
}

@Injectable()
export class ObligationsService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly record: RecordRepository,
  ) {}

  async open(caller: Caller, dto: OpenObligationDto, token?: IdempotencyToken): Promise<ObligationView> {
    if (!this.board.seat(dto.seat)) throw new BadRequestException(`seat: unknown seat ${dto.seat}`);
    checkSpansAndRecipients(this.board, dto);
    // Same Idempotency-Key, same caller: same workflow ID, so a retry finds the first obligation.
    const id = workflowIdFor('reportingObligation', token);
    const input: ObligationInput = {
      id,
      title: dto.title,
      seat: dto.seat,
      dueAt: resolveDeadline(dto, 'due', Date.now()),
      remindBefore: dto.remindBefore ?? [],
      escalateAfter: dto.escalateAfter,
      escalateEvery: dto.escalateEvery,
      notify: dto.notify,
      reportKind: dto.reportKind,
      openedBy: caller.sub,
      requestHash: token?.requestHash,
    };
    const started = await startKeyedWorkflow(
      this.client,
      reportingObligationWorkflow,
      {
        workflowId: id,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: boardKindKey, value: 'reporting-obligation' },
          { key: boardStatusKey, value: 'pending' },
          { key: boardAwaitingKey, value: [dto.seat] },
          { key: boardDueAtKey, value: new Date(input.dueAt) },
          { key: boardTitleKey, value: dto.title },
        ],
      },
      token,
    );
    // The opening state is the pure record's, so answering needs no round trip to the worker.
    if (started) return this.view(new ObligationRecord(input, Date.now()).view());
    // A repeated open with a known key (and the same body): the same item.
    return this.view(await this.client.workflow.getHandle(id).query(getObligationQuery));
  }

  async get(id: string): Promise<ObligationView> {
    return this.view(
      await this.handle(id)
        .query(getObligationQuery)
        .catch(fromRecord<ObligationState>(this.record, 'reporting-obligation', id)),
    );
  }

  async submit(
    caller: Caller,
    id: string,
    dto: SubmitReportDto,
    token?: IdempotencyToken,
  ): Promise<ObligationView> {
    if (caller.role !== 'member' || !caller.seat)
      throw new ForbiddenException('only a member of the owing seat can submit its report');
    const cmd = {
      seat: caller.seat,
      summary: dto.summary,
      documentUrl: dto.documentUrl,
      by: caller.sub,
      ...idempotencyFields(token),
    };
    return this.update(id, submitReportUpdate, cmd, 'submit', token);
  }

  async review(
    caller: Caller,
    id: string,
    dto: ReviewReportDto,
    token?: IdempotencyToken,
  ): Promise<ObligationView> {
    const newDueAt = resolveDeadline(dto, 'newDue', Date.now(), false);
    if (dto.accepted && newDueAt !== undefined)
      throw new BadRequestException('newDueAt/newDueIn apply only when rejecting (accepted: false)');
    if (!dto.accepted && newDueAt === undefined)
      throw new BadRequestException('newDueAt or newDueIn is required when rejecting a report');
    if (!dto.accepted && dto.comment.trim() === '')
      throw new BadRequestException('comment must say why the report is rejected');
    const cmd = {
      accepted: dto.accepted,
      comment: dto.comment,
      newDueAt,
      by: caller.sub,
      ...idempotencyFields(token),
    };
    return this.update(id, reviewReportUpdate, cmd, 'review', token);
  }

  async extend(
    caller: Caller,
    id: string,
    dto: ExtendObligationDto,
    token?: IdempotencyToken,
  ): Promise<ObligationView> {
    const dueAt = resolveDeadline(dto, 'due', Date.now());
    const cmd = { dueAt, reason: dto.reason, by: caller.sub, ...idempotencyFields(token) };
    return this.update(id, extendObligationUpdate, cmd, 'extend', token);
  }

  async waive(
    caller: Caller,
    id: string,
    dto: WaiveObligationDto,
    token?: IdempotencyToken,
  ): Promise<ObligationView> {
    const cmd = { reason: dto.reason, by: caller.sub, ...idempotencyFields(token) };
    return this.update(id, waiveObligationUpdate, cmd, 'waive', token);
  }

  private async update<A>(
    id: string,
    def: UpdateDefinition<ObligationState, [A]>,
    cmd: A,
    kind: string,
    token: IdempotencyToken | undefined,
  ): Promise<ObligationView> {
    // An accepted or waived obligation's workflow has completed: Temporal says "not found", the caller needs 409.
    return this.view(
      await executeKeyedUpdate(this.handle(id), def, cmd, {
        kind,
        token,
        what: 'reporting obligation',
        closed: (closed) => `reporting obligation ${id} is ${closed.status}; the record can no longer change`,
      }),
    );
  }

  private handle(id: string): WorkflowHandle<typeof reportingObligationWorkflow> {
    if (!isIdOf('reportingObligation', id))
      throw new NotFoundException(`reporting obligation ${id} not found`);
    return this.client.workflow.getHandle<typeof reportingObligationWorkflow>(id);
  }

  /** The API's view: the workflow's record without the internal idempotency map. */
  private view(state: ObligationState): ObligationView {
    const { idempotency: _idempotency, ...view } = state;
    return view;
  }
}
