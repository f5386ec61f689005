/**
 * Funding rounds and requests over Temporal: opening starts a {@link fundingRoundWorkflow}; every
 * write is an Update on the round (which owns the window and the phase, validates before anything
 * is written, and forwards the change to the request's own workflow); reads are Queries.
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
import { FundingRoundRecord, roundInputProblems } from '../../../workflows/funding/funding-round-record';
import { fundingRequestWorkflow } from '../../../workflows/funding/funding-request.workflow';
import { fundingRoundWorkflow } from '../../../workflows/funding/funding-round.workflow';
import {
  amendFundingRequestUpdate,
  extendSubmissionUpdate,
  getFundingRequestQuery,
  getFundingRoundQuery,
  proposeAllocationUpdate,
  submitFundingRequestUpdate,
  withdrawFundingRequestUpdate,
} from '../../../workflows/funding/funding.messages';
import {
  type FundingRequestState,
  type FundingRoundInput,
  type FundingRoundState,
  type RequestSummary,
} from '../../../workflows/funding/funding.types';
import { isIdOf, roundIdOfRequest } from '../../../workflows/ids';
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
import { requireSeat } from '../common/caller-seat';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { fromRecord } from '../common/record-fallback';
import { APP_CONFIG } from '../common/tokens';
import {
  executeKeyedUpdate,
  idempotencyFields as idem,
  startKeyedWorkflow,
  workflowIdFor,
} from '../common/workflow-writes';
import { currentProgrammePriorityIds } from '../priorities/work-programme';
import type {
  AmendRequestDto,
  ExtendSubmissionDto,
  OpenRoundDto,
  ProposeAllocationDto,
  RequestSummaryView,
  RequestView,
  RoundView,
  SubmitRequestDto,
  WithdrawRequestDto,
} from './funding.dto';

@Injectable()
export class FundingService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly record: RecordRepository,
  ) {}

  async openRound(caller: Caller, dto: OpenRoundDto, token?: IdempotencyToken): Promise<RoundView> {
    const defaults = this.board.board.defaults;
    const rule = dto.decision.rule ?? defaults.rule;
    if (rule === 'silence' && dto.decision.quorum !== undefined) {
      throw new BadRequestException('decision.quorum does not apply to the silence rule');
    }
    const id = workflowIdFor('fundingRound', token);
    const input: FundingRoundInput = {
      id,
      title: dto.title,
      envelopeCents: dto.envelopeCents,
      closesAt: resolveDeadline(dto, 'closes', Date.now()),
      maxRequestCents: dto.maxRequestCents ?? null,
      // Without priorities, the round takes them from the work programme in force (422 if none).
      priorities: dto.priorities ?? (await currentProgrammePriorityIds(this.client)),
      decision: {
        rule,
        quorum: rule === 'silence' ? null : (dto.decision.quorum ?? defaults.quorum),
        votingIn: dto.decision.votingIn,
        mode: dto.decision.mode ?? 'package',
      },
      reporting: {
        interimDueIn: dto.reporting?.interimDueIn ?? 'P6M',
        finalDueIn: dto.reporting?.finalDueIn ?? 'P12M',
        remindBefore: dto.reporting?.remindBefore ?? ['P14D'],
        ...(dto.reporting?.escalateAfter ? { escalateAfter: dto.reporting.escalateAfter } : {}),
      },
      firstTranchePercent: dto.firstTranchePercent ?? 60,
      electorate: this.board.votingSeatCodes(),
      memberStateSeats: this.memberStateSeats(),
      recuseRequestingSeat: defaults.recuseRequestingSeat,
      openedBy: caller.sub,
      requestHash: token?.requestHash,
    };
    const problems = roundInputProblems(input);
    if (problems.length > 0) throw new BadRequestException(problems);
    const started = await startKeyedWorkflow(
      this.client,
      fundingRoundWorkflow,
      {
        workflowId: id,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: boardKindKey, value: 'funding-round' },
          { key: boardStatusKey, value: 'open' },
          { key: boardAwaitingKey, value: [] },
          { key: boardDueAtKey, value: new Date(input.closesAt) },
          { key: boardTitleKey, value: dto.title },
        ],
      },
      token,
    );
    // The opening state is the pure record's, so answering needs no round trip to the worker.
    if (started) return this.roundView(new FundingRoundRecord(input, Date.now()).view());
    return this.getRound(id);
  }

  /** The round, with live payments of its awards (tranches paid after the round ended included). */
  async getRound(id: string): Promise<RoundView> {
    const state = await this.roundHandle(id)
      .query(getFundingRoundQuery)
      .catch(fromRecord<FundingRoundState>(this.record, 'funding-round', id));
    const awarded = state.requests.filter((r) => r.status === 'awarded' || r.status === 'completed');
    const live = await Promise.all(
      awarded.map((r) =>
        this.client.workflow
          .getHandle<typeof fundingRequestWorkflow>(r.id)
          .query(getFundingRequestQuery)
          .catch(() => undefined),
      ),
    );
    for (const [i, request] of awarded.entries()) {
      const detail = live[i];
      if (!detail) continue;
      request.payments = detail.payments;
      // A request may not have heard of its award yet: only its later states are news to the round.
      if (detail.status === 'completed') request.status = detail.status;
    }
    return this.roundView(state);
  }

  async getRequest(id: string): Promise<RequestView> {
    if (!roundIdOfRequest(id)) throw new NotFoundException(`funding request ${id} not found`);
    const state: FundingRequestState = await this.client.workflow
      .getHandle<typeof fundingRequestWorkflow>(id)
      .query(getFundingRequestQuery)
      .catch(fromRecord<FundingRequestState>(this.record, 'funding-request', id));
    return state;
  }

  async submit(caller: Caller, roundId: string, dto: SubmitRequestDto, token?: IdempotencyToken) {
    const seat = this.requireMemberState(caller);
    const cmd = { seat, ...dto, by: caller.sub, ...idem(token) };
    return this.update(roundId, submitFundingRequestUpdate, cmd, 'submit', token);
  }

  async amend(caller: Caller, requestId: string, dto: AmendRequestDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    const cmd = { requestId, seat, ...dto, by: caller.sub, ...idem(token) };
    return this.update(this.roundOf(requestId), amendFundingRequestUpdate, cmd, 'amend', token);
  }

  async withdraw(caller: Caller, requestId: string, dto: WithdrawRequestDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    const cmd = {
      requestId,
      seat,
      reason: dto.reason ?? 'withdrawn by its seat',
      by: caller.sub,
      ...idem(token),
    };
    return this.update(this.roundOf(requestId), withdrawFundingRequestUpdate, cmd, 'withdraw', token);
  }

  async extend(caller: Caller, roundId: string, dto: ExtendSubmissionDto, token?: IdempotencyToken) {
    const closesAt = resolveDeadline(dto, 'closes', Date.now());
    const cmd = { closesAt, reason: dto.reason, by: caller.sub, ...idem(token) };
    return this.roundView(await this.update(roundId, extendSubmissionUpdate, cmd, 'extend', token));
  }

  async propose(caller: Caller, roundId: string, dto: ProposeAllocationDto, token?: IdempotencyToken) {
    const awards = dto.awards.map((a) => ({ requestId: a.requestId, amountCents: a.amountCents }));
    const cmd = { awards, by: caller.sub, ...idem(token) };
    return this.roundView(await this.update(roundId, proposeAllocationUpdate, cmd, 'allocation', token));
  }

  private async update<A, R extends FundingRoundState | RequestSummary>(
    roundId: string,
    def: UpdateDefinition<R, [A]>,
    cmd: A,
    kind: string,
    token: IdempotencyToken | undefined,
  ): Promise<R> {
    // A round that has ended has completed its workflow: Temporal says "not found", the caller needs 409.
    return executeKeyedUpdate(this.roundHandle(roundId), def, cmd, {
      kind,
      token,
      what: 'funding round',
      closed: () => `funding round ${roundId} is closed; nothing in it can change any more`,
    });
  }

  private memberStateSeats(): string[] {
    return this.board.board.seats.filter((s) => s.kind === 'member-state').map((s) => s.code);
  }

  private requireMemberState(caller: Caller): string {
    const seat = requireSeat(caller);
    if (this.board.seat(seat)?.kind !== 'member-state') {
      throw new ForbiddenException(
        `seat ${seat} is not a member-state seat; only member states submit funding requests`,
      );
    }
    return seat;
  }

  private roundOf(requestId: string): string {
    const roundId = roundIdOfRequest(requestId);
    if (!roundId) throw new NotFoundException(`funding request ${requestId} not found`);
    return roundId;
  }

  private roundHandle(id: string): WorkflowHandle<typeof fundingRoundWorkflow> {
    if (!isIdOf('fundingRound', id)) {
      throw new NotFoundException(`funding round ${id} not found`);
    }
    return this.client.workflow.getHandle<typeof fundingRoundWorkflow>(id);
  }

  /** The API's view: the record without the idempotency map and the internal counter, with payment totals. */
  private roundView(state: FundingRoundState): RoundView {
    const { idempotency: _idempotency, nextRequest: _nextRequest, ...view } = state;
    const payments = state.requests.reduce(
      (sum, r) => ({
        paidCents: sum.paidCents + r.payments.paidCents,
        heldBackCents: sum.heldBackCents + r.payments.heldBackCents,
      }),
      { paidCents: 0, heldBackCents: 0 },
    );
    return { ...view, payments, requests: view.requests as RequestSummaryView[] };
  }
}
