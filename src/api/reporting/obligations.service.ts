/**
 * Reporting obligations over Temporal: opening starts a {@link reportingObligationWorkflow}, every
 * write is an Update (validated by the workflow before it is written), reads are a Query.
 */
import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
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
import { actingAs, type Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import type { AppConfig } from '../../config/env';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { APP_CONFIG } from '../common/tokens';
import { publicView } from '../common/views';
import { WorkflowGateway, workflowKind } from '../common/workflow-gateway';
import { startKeyedWorkflow, workflowIdFor } from '../common/workflow-writes';
import { assertMayRead } from '../common/item-access';
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

/** Obligations as the gateway reaches them. An accepted or waived one has completed: 409. */
const obligations = workflowKind<typeof reportingObligationWorkflow, ObligationState>({
  what: 'reporting obligation',
  id: 'reportingObligation',
  query: getObligationQuery,
  record: 'reporting-obligation',
  closed: (id, closed) => `reporting obligation ${id} is ${closed.status}; the record can no longer change`,
});

/** The API's view: the workflow's record without the internal idempotency map. */
const view = (state: ObligationState): ObligationView => publicView(state, 'idempotency');

@Injectable()
export class ObligationsService {
  constructor(
    private readonly client: Client,
    private readonly gateway: WorkflowGateway,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    if (started) return view(new ObligationRecord(input, Date.now()).view());
    // A repeated open with a known key (and the same body): the same item.
    return view(await this.gateway.state(obligations, id));
  }

  /** The obligation, for a member of an observer seat only when it is the seat's own. */
  async get(caller: Caller, id: string): Promise<ObligationView> {
    const state = await this.gateway.state(obligations, id);
    assertMayRead(caller, this.board, 'reporting-obligation', id, state);
    return view(state);
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
      actingAs: actingAs(caller),
    };
    return view(
      await this.gateway.update(obligations, id, submitReportUpdate, cmd, { name: 'submit', token }),
    );
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
    };
    return view(
      await this.gateway.update(obligations, id, reviewReportUpdate, cmd, { name: 'review', token }),
    );
  }

  async extend(
    caller: Caller,
    id: string,
    dto: ExtendObligationDto,
    token?: IdempotencyToken,
  ): Promise<ObligationView> {
    const dueAt = resolveDeadline(dto, 'due', Date.now());
    const cmd = { dueAt, reason: dto.reason, by: caller.sub };
    return view(
      await this.gateway.update(obligations, id, extendObligationUpdate, cmd, { name: 'extend', token }),
    );
  }

  async waive(
    caller: Caller,
    id: string,
    dto: WaiveObligationDto,
    token?: IdempotencyToken,
  ): Promise<ObligationView> {
    const cmd = { reason: dto.reason, by: caller.sub };
    return view(
      await this.gateway.update(obligations, id, waiveObligationUpdate, cmd, { name: 'waive', token }),
    );
  }
}
