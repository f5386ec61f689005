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
import { Client } from '@temporalio/client';
import { FundingRoundRecord } from '../../../workflows/funding/funding-round-record';
import type { fundingRequestWorkflow } from '../../../workflows/funding/funding-request.workflow';
import { roundInputProblems } from '../../../workflows/funding/round-input';
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
} from '../../../workflows/funding/funding.types';
import { roundIdOfRequest } from '../../../workflows/ids';
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
import { requireSeat } from '../common/caller-seat';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { APP_CONFIG } from '../common/tokens';
import { publicView } from '../common/views';
import { WorkflowGateway, workflowKind } from '../common/workflow-gateway';
import { startKeyedWorkflow, workflowIdFor } from '../common/workflow-writes';
import { assertMayRead } from '../common/item-access';
import { currentProgrammePriorityIds } from '../priorities/work-programme';
import { memberStateSeatsOf } from '../../record/record-tracking';
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

/** Rounds as the gateway reaches them. A round that has ended has completed its workflow: 409. */
const rounds = workflowKind<typeof fundingRoundWorkflow, FundingRoundState>({
  what: 'funding round',
  id: 'fundingRound',
  query: getFundingRoundQuery,
  record: 'funding-round',
  closed: (id) => `funding round ${id} is closed; nothing in it can change any more`,
});

/** Requests, read from their own workflows; every write goes through their round. */
const requests = workflowKind<typeof fundingRequestWorkflow, FundingRequestState>({
  what: 'funding request',
  id: 'fundingRequest',
  query: getFundingRequestQuery,
  record: 'funding-request',
});

/** The API's view of a round: without the idempotency map and the internal counter, with payment totals. */
function roundView(state: FundingRoundState): RoundView {
  const view = publicView(state, 'idempotency', 'nextRequest');
  const payments = state.requests.reduce(
    (sum, r) => ({
      paidCents: sum.paidCents + r.payments.paidCents,
      heldBackCents: sum.heldBackCents + r.payments.heldBackCents,
    }),
    { paidCents: 0, heldBackCents: 0 },
  );
  return { ...view, payments, requests: view.requests as RequestSummaryView[] };
}

@Injectable()
export class FundingService {
  constructor(
    private readonly client: Client,
    private readonly gateway: WorkflowGateway,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      opinionSeats: this.board.opinionSeatCodes(),
      chair: this.board.chairCode(),
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
    if (started) return roundView(new FundingRoundRecord(input, Date.now()).view());
    return this.getRound(caller, id);
  }

  /** The round, with live payments of its awards (tranches paid after the round ended included). */
  async getRound(caller: Caller, id: string): Promise<RoundView> {
    const state = await this.gateway.state(rounds, id);
    // An observer seat, which a round never names, reads none (the lists' rule).
    assertMayRead(caller, this.board, 'funding-round', id, state);
    const awarded = state.requests.filter((r) => r.status === 'awarded' || r.status === 'completed');
    const live = await Promise.all(
      // Live from the running request workflows; one Temporal no longer keeps adds nothing to the round's view.
      awarded.map((r) =>
        this.gateway
          .handle(requests, r.id)
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
    return roundView(state);
  }

  /** The request, for a member of an observer seat only when it is the seat's own. */
  async getRequest(caller: Caller, id: string): Promise<RequestView> {
    if (!roundIdOfRequest(id)) throw new NotFoundException(`funding request ${id} not found`);
    const state = await this.gateway.state(requests, id);
    assertMayRead(caller, this.board, 'funding-request', id, state);
    return state;
  }

  async submit(caller: Caller, roundId: string, dto: SubmitRequestDto, token?: IdempotencyToken) {
    const seat = this.requireMemberState(caller);
    const cmd = { seat, ...dto, by: caller.sub, actingAs: actingAs(caller) };
    return this.gateway.update(rounds, roundId, submitFundingRequestUpdate, cmd, { name: 'submit', token });
  }

  async amend(caller: Caller, requestId: string, dto: AmendRequestDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    const cmd = { requestId, seat, ...dto, by: caller.sub };
    return this.gateway.update(rounds, this.roundOf(requestId), amendFundingRequestUpdate, cmd, {
      name: 'amend',
      token,
    });
  }

  async withdraw(caller: Caller, requestId: string, dto: WithdrawRequestDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    const cmd = {
      requestId,
      seat,
      reason: dto.reason ?? 'withdrawn by its seat',
      by: caller.sub,
    };
    return this.gateway.update(rounds, this.roundOf(requestId), withdrawFundingRequestUpdate, cmd, {
      name: 'withdraw',
      token,
    });
  }

  async extend(caller: Caller, roundId: string, dto: ExtendSubmissionDto, token?: IdempotencyToken) {
    const closesAt = resolveDeadline(dto, 'closes', Date.now());
    const cmd = { closesAt, reason: dto.reason, by: caller.sub };
    return roundView(
      await this.gateway.update(rounds, roundId, extendSubmissionUpdate, cmd, { name: 'extend', token }),
    );
  }

  async propose(caller: Caller, roundId: string, dto: ProposeAllocationDto, token?: IdempotencyToken) {
    const awards = dto.awards.map((a) => ({ requestId: a.requestId, amountCents: a.amountCents }));
    const cmd = { awards, by: caller.sub };
    return roundView(
      await this.gateway.update(rounds, roundId, proposeAllocationUpdate, cmd, { name: 'allocation', token }),
    );
  }

  private memberStateSeats(): string[] {
    return memberStateSeatsOf(this.board.board.seats);
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
}
